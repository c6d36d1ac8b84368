// The package's runtime exports, pinned: a name that goes (or comes) by accident, as
// `schemas.PROFILING_MODES` did when the enums moved to src/enums.ts, fails here. A change on purpose
// updates the snapshot (`vitest -u`) and says so in the CHANGELOG.
import { describe, expect, it } from 'vitest';
import * as sdk from '../../src/index.js';

describe('public exports', () => {
  it('the package root', () => {
    expect(Object.keys(sdk).sort()).toMatchSnapshot();
  });

  it('the schemas namespace', () => {
    expect(Object.keys(sdk.schemas).sort()).toMatchSnapshot();
  });
});
