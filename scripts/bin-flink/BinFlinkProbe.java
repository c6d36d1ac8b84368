// What bin/flink's own parser makes of a command line: run with the jars of a Flink distribution
// (scripts/bin-flink-table does), never built into anything. Reads Flink's option sets and parses with
// Commons CLI exactly as CliFrontend does (custom command lines merged in; run and info stop at the
// first non-option), then reads the parsed options back through Flink's own *Options classes.
//
//   java -cp "<dist>/lib/*:<dist>/opt/*" BinFlinkProbe.java <conf dir> options <action>...
//   java -cp ... BinFlinkProbe.java <conf dir> parse   < lines of "<action>\t<arg>\t<arg>..."
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Scanner;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

public class BinFlinkProbe {
  private static final String PKG = "org.apache.flink.client.cli.";

  static String str(String s) {
    if (s == null) return "null";
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c == '\n') b.append("\\n");
      else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }

  static String value(Object v) {
    if (v == null) return "null";
    if (v instanceof String[] arr) return value(Arrays.asList(arr));
    if (v instanceof Collection<?> items) {
      List<String> parts = new ArrayList<>();
      for (Object item : items) parts.add(value(item));
      return "[" + String.join(", ", parts) + "]";
    }
    if (v instanceof Boolean || v instanceof Integer) return v.toString();
    return str(v.toString());
  }

  /** The options bin/flink parses an action with: the action's own and every custom command line's. */
  static Options optionsOf(String action, Options custom) throws Exception {
    Class<?> parser = Class.forName(PKG + "CliFrontendParser");
    String getter = action.startsWith("run")
        ? "getRunCommandOptions"
        : "get" + Character.toUpperCase(action.charAt(0)) + action.substring(1) + "CommandOptions";
    Method own = parser.getDeclaredMethod(getter);
    own.setAccessible(true);
    Method merge = parser.getDeclaredMethod("mergeOptions", Options.class, Options.class);
    return (Options) merge.invoke(null, own.invoke(null), custom);
  }

  /** Every getter of Flink's *Options class for the action, read from the parsed command line. */
  static String meaning(String action, CommandLine line) {
    String name = action.startsWith("run") || action.equals("info")
        ? "ProgramOptions"
        : Character.toUpperCase(action.charAt(0)) + action.substring(1) + "Options";
    try {
      Class<?> type = Class.forName(PKG + name);
      Object parsed;
      if (name.equals("ProgramOptions")) {
        parsed = type.getMethod("create", CommandLine.class).invoke(null, line);
      } else {
        Constructor<?> make = type.getDeclaredConstructor(CommandLine.class);
        make.setAccessible(true);
        parsed = make.newInstance(line);
      }
      List<Method> getters = new ArrayList<>();
      for (Class<?> c = parsed.getClass(); c != Object.class; c = c.getSuperclass()) {
        for (Method m : c.getDeclaredMethods()) {
          if (m.getParameterCount() == 0 && m.getReturnType() != void.class && !m.isSynthetic()
              && !java.lang.reflect.Modifier.isStatic(m.getModifiers())
              && !Set.of("getCommandLine", "hashCode", "toString").contains(m.getName())
              && getters.stream().noneMatch(g -> g.getName().equals(m.getName()))) getters.add(m);
        }
      }
      getters.sort(Comparator.comparing(Method::getName));
      List<String> parts = new ArrayList<>();
      for (Method m : getters) {
        m.setAccessible(true);
        Object v;
        try {
          v = m.invoke(parsed);
        } catch (InvocationTargetException e) {
          v = "throws " + e.getCause();
        }
        parts.add(str(m.getName()) + ": " + value(v));
      }
      return "{" + String.join(", ", parts) + "}";
    } catch (InvocationTargetException e) {
      return str("throws " + e.getCause());
    } catch (ReflectiveOperationException e) {
      return str("throws " + e);
    }
  }

  public static void main(String[] argv) throws Exception {
    Class<?> frontend = Class.forName(PKG + "CliFrontend");
    Class<?> configuration = Class.forName("org.apache.flink.configuration.Configuration");
    Object config = configuration.getConstructor().newInstance();
    List<?> commandLines = (List<?>) frontend.getMethod("loadCustomCommandLines", configuration, String.class).invoke(null, config, argv[0]);
    Object cli = frontend.getConstructor(configuration, List.class).newInstance(config, commandLines);
    Options custom = (Options) frontend.getMethod("getCustomCommandLineOptions").invoke(cli);

    if (argv[1].equals("options")) {
      List<String> actions = new ArrayList<>();
      for (String action : Arrays.copyOfRange(argv, 2, argv.length)) {
        List<String> options = new ArrayList<>();
        for (Option o : optionsOf(action, custom).getOptions()) {
          options.add("{\"short\": " + str(o.getOpt()) + ", \"long\": " + str(o.getLongOpt())
              + ", \"args\": " + o.getArgs() + ", \"optionalArg\": " + o.hasOptionalArg()
              + ", \"valueSeparator\": " + (o.getValueSeparator() == 0 ? "null" : str(String.valueOf(o.getValueSeparator())))
              + ", \"description\": " + str(o.getDescription()) + "}");
        }
        actions.add(str(action) + ": [\n    " + String.join(",\n    ", options) + "\n  ]");
      }
      System.out.println("{\n  " + String.join(",\n  ", actions) + "\n}");
      return;
    }

    Scanner in = new Scanner(System.in);
    while (in.hasNextLine()) {
      String[] fields = in.nextLine().split("\t", -1);
      String action = fields[0];
      String[] args = Arrays.copyOfRange(fields, 1, fields.length);
      boolean stopAtNonOption = action.startsWith("run") || action.equals("info");
      String head = "{\"action\": " + str(action) + ", \"argv\": " + value(args) + ", ";
      try {
        CommandLine line = new DefaultParser().parse(optionsOf(action, custom), args, stopAtNonOption);
        List<String> options = new ArrayList<>();
        for (Option o : line.getOptions()) {
          options.add("{\"name\": " + str(o.getLongOpt() != null ? o.getLongOpt() : o.getOpt()) + ", \"values\": " + value(o.getValues() == null ? new String[0] : o.getValues()) + "}");
        }
        System.out.println(head + "\"options\": [" + String.join(", ", options) + "], \"args\": " + value(line.getArgList())
            + ", \"meaning\": " + meaning(action, line) + "}");
      } catch (ParseException e) {
        System.out.println(head + "\"error\": " + str(e.getClass().getSimpleName() + ": " + e.getMessage()) + "}");
      }
    }
  }
}
