import type { RequestOptions } from '../http/transport.js';
import { type ApplicationDetails, type ApplicationOverview, applicationDetails, applicationsOverview } from '../schemas/applications.js';
import { checkHexId } from '../validate.js';
import { requireFeature } from '../version.js';
import type { ClientContext } from './context.js';
import { seg } from './context.js';

/** Applications (Flink 2.3+): what `jars.runApplication` started. Older servers: UnsupportedByServerError, nothing sent. */
export class Applications {
  constructor(private readonly ctx: ClientContext) {}

  /** `GET /applications/overview`, newest first. */
  async list(options?: RequestOptions): Promise<ApplicationOverview[]> {
    await this.supported(options);
    const answer = await this.ctx.transport.request({
      method: 'GET',
      path: '/applications/overview',
      schema: applicationsOverview,
      retry: 'safe',
      options,
    });
    return answer.applications.toSorted((a, b) => b['start-time'] - a['start-time']);
  }

  /** `GET /applications/{applicationid}`: status and the application's jobs. */
  async get(applicationId: string, options?: RequestOptions): Promise<ApplicationDetails> {
    checkHexId(applicationId, 'application id');
    await this.supported(options);
    return this.ctx.transport.request({
      method: 'GET',
      path: `/applications/${seg(applicationId)}`,
      schema: applicationDetails,
      retry: 'safe',
      options,
    });
  }

  /** `POST /applications/{applicationid}/cancel`: cancels the application and its jobs. Never retried. */
  async cancel(applicationId: string, options?: RequestOptions): Promise<void> {
    checkHexId(applicationId, 'application id');
    await this.supported(options);
    await this.ctx.transport.request({ method: 'POST', path: `/applications/${seg(applicationId)}/cancel`, retry: 'never', options });
  }

  private async supported(options?: RequestOptions): Promise<void> {
    requireFeature(await this.ctx.serverVersion(options), 'applications');
  }
}
