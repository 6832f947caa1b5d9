package dev.communicable.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds channel adapters on the class path. */
public final class ChannelAdapters {
  private ChannelAdapters() {}

  /**
   * Every {@link ChannelAdapter} listed in a {@code META-INF/services} file and instantiable with a
   * public no-argument constructor (typically configured from system properties or the
   * environment). Pass the result to {@code Communication.builder().adapters(...)}.
   */
  public static List<ChannelAdapter> discover() {
    return discover(Thread.currentThread().getContextClassLoader());
  }

  /** As {@link #discover()}, with an explicit class loader. */
  public static List<ChannelAdapter> discover(ClassLoader loader) {
    List<ChannelAdapter> found = new ArrayList<>();
    ServiceLoader.load(ChannelAdapter.class, loader).forEach(found::add);
    return List.copyOf(found);
  }
}
