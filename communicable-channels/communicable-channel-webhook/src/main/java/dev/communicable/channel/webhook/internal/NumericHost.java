package dev.communicable.channel.webhook.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads a host written as an IPv4 address in one of the old numeric forms: one number ({@code
 * 2130706433}), fewer than four parts ({@code 127.1}, the last part filling the remaining bytes),
 * octal parts ({@code 0177.0.0.1}) or hex parts ({@code 0x7f.1}).
 *
 * <p>Readers disagree: the JVM (and so its HTTP client) reads every part as decimal, even with a
 * leading zero, and refuses hex; C's {@code inet_aton}, which proxies and other tools use, reads a
 * leading {@code 0} as octal and {@code 0x} as hex. A host is therefore given every reading, and
 * the guard refuses it when any of them is internal.
 */
final class NumericHost {
  private NumericHost() {}

  /**
   * The IPv4 addresses {@code host} stands for, each reading once; empty when it is not numeric (a
   * name, or an IPv6 literal).
   */
  static List<byte[]> readings(String host) {
    String text = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    if (text.isEmpty() || !text.toLowerCase(Locale.ROOT).matches("[0-9a-fx.]+")) {
      return List.of();
    }
    String[] parts = text.split("\\.", -1);
    if (parts.length > 4) {
      return List.of();
    }
    List<byte[]> readings = new ArrayList<>(2);
    add(readings, address(parts, false));
    add(readings, address(parts, true));
    return List.copyOf(readings);
  }

  private static void add(List<byte[]> readings, byte @Nullable [] address) {
    if (address != null && readings.stream().noneMatch(r -> Arrays.equals(r, address))) {
      readings.add(address);
    }
  }

  /**
   * The address the parts give, read the JVM's way (decimal only) or C's way (octal and hex too);
   * null when that reader refuses them.
   */
  private static byte @Nullable [] address(String[] parts, boolean likeC) {
    long[] values = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = likeC ? cPart(parts[i]) : decimalPart(parts[i]);
      if (values[i] < 0) {
        return null;
      }
    }
    int last = parts.length - 1;
    long address = 0;
    for (int i = 0; i < last; i++) {
      if (values[i] > 0xff) {
        return null;
      }
      address |= values[i] << (24 - 8 * i);
    }
    // the last part fills the bytes that are left: 32 bits for one part, 8 for four
    if (values[last] >= 1L << (8 * (4 - last))) {
      return null;
    }
    address |= values[last];
    return new byte[] {
      (byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
    };
  }

  private static long decimalPart(String part) {
    return part.matches("[0-9]{1,12}") ? Long.parseLong(part) : -1;
  }

  private static long cPart(String part) {
    String lower = part.toLowerCase(Locale.ROOT);
    if (lower.matches("0x[0-9a-f]{0,10}")) {
      return lower.length() == 2 ? 0 : Long.parseLong(lower.substring(2), 16);
    }
    if (lower.matches("0[0-7]{0,14}")) {
      return lower.length() == 1 ? 0 : Long.parseLong(lower.substring(1), 8);
    }
    return lower.matches("[1-9][0-9]{0,11}") ? Long.parseLong(lower) : -1;
  }
}
