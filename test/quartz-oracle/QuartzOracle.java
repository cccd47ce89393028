// Epoch's Quartz oracle: asks the real Quartz CronExpression (Debian's libquartz2-java, Quartz 2.3.2) for fire
// times, so that the fixtures in shared/test-fixtures/ can be regenerated from this repository alone.
//
// Input on stdin, one case a line, tab-separated (UTF-8):
//     EXPRESSION  TIME_ZONE  FROM_EPOCH_MS  COUNT  [NOTE]
// Output on stdout, one JSON object a line, in the fixtures' shape and key order:
//     {"expression","timeZone","from","valid","next":[epoch ms…],"count","note"}
// "next" is absent when valid is false; "note" only when the input has one. With --without-count, "count" is
// left out too (the shape of the original reference file, quartz-2.3.2-fixtures.jsonl).
//
// Each case applies getNextValidTimeAfter COUNT times, starting from FROM and then from each answer; it stops
// early when Quartz answers null (no later fire time). valid is false when Quartz rejects the expression,
// which it does either when parsing it or, for some fields (e.g. L-40), only when first evaluating it.
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import org.quartz.CronExpression;

public final class QuartzOracle {
  private QuartzOracle() {}

  public static void main(String[] args) throws Exception {
    boolean withCount = true;
    for (String arg : args) {
      if (arg.equals("--without-count")) {
        withCount = false;
      } else {
        System.err.println("usage: java QuartzOracle [--without-count] < cases.tsv > cases.jsonl");
        System.exit(2);
      }
    }
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    PrintWriter out =
        new PrintWriter(
            new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8)));
    int lineNumber = 0;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      lineNumber++;
      if (line.isEmpty()) continue;
      String[] fields = line.split("\t", -1);
      if (fields.length != 4 && fields.length != 5) {
        fail(lineNumber, "expected 4 or 5 tab-separated fields, found " + fields.length);
      }
      out.print(answer(lineNumber, fields, withCount));
      out.print('\n');
    }
    out.flush();
    if (out.checkError()) System.exit(1);
  }

  private static String answer(int lineNumber, String[] fields, boolean withCount) {
    String expression = fields[0];
    String zoneId = fields[1];
    long from = Long.parseLong(fields[2]);
    int count = Integer.parseInt(fields[3]);
    TimeZone zone = TimeZone.getTimeZone(zoneId);
    // TimeZone.getTimeZone falls back to GMT for a name it does not know: a typo must not pass as UTC.
    if (!zone.getID().equals(zoneId)) fail(lineNumber, "the JDK does not know the time zone " + zoneId);

    StringBuilder json = new StringBuilder();
    json.append("{\"expression\":").append(quote(expression));
    json.append(",\"timeZone\":").append(quote(zoneId));
    json.append(",\"from\":").append(from);
    List<Long> next = new ArrayList<>();
    boolean valid;
    try {
      CronExpression cron = new CronExpression(expression);
      cron.setTimeZone(zone);
      Date after = new Date(from);
      while (next.size() < count) {
        after = cron.getNextValidTimeAfter(after);
        if (after == null) break;
        next.add(after.getTime());
      }
      valid = true;
    } catch (Exception rejected) {
      valid = false;
    }
    json.append(",\"valid\":").append(valid);
    if (valid) {
      json.append(",\"next\":[");
      for (int i = 0; i < next.size(); i++) {
        if (i > 0) json.append(',');
        json.append(next.get(i));
      }
      json.append(']');
    }
    if (withCount) json.append(",\"count\":").append(count);
    if (fields.length == 5) json.append(",\"note\":").append(quote(fields[4]));
    return json.append('}').toString();
  }

  /** A JSON string: quotes, backslashes and control characters escaped, everything else as is. */
  private static String quote(String text) {
    StringBuilder json = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        case '\b' -> json.append("\\b");
        case '\f' -> json.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x7f) json.append(String.format("\\u%04x", (int) c));
          else json.append(c);
        }
      }
    }
    return json.append('"').toString();
  }

  private static void fail(int lineNumber, String message) {
    System.err.println("QuartzOracle: input line " + lineNumber + ": " + message);
    System.exit(2);
  }
}
