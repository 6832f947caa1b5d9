package dev.communicable.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Finds channel adapters on the class path. */
public final class ChannelAdapters {
  private ChannelAdapters() {}

  /**
   * Every adapter that a {@link ChannelAdapterProvider} on the class path can build from system
   * properties and environment variables. Pass the result to {@code
   * Communication.builder().adapters(...)}.
   */
  public static List<ChannelAdapter> discover() {
    return discover(Thread.currentThread().getContextClassLoader(), ChannelAdapters::setting);
  }

  /** As {@link #discover()}, with an explicit class loader and settings lookup. */
  public static List<ChannelAdapter> discover(
      @Nullable ClassLoader loader, Function<String, @Nullable String> settings) {
    List<ChannelAdapter> found = new ArrayList<>();
    for (ChannelAdapterProvider provider :
        ServiceLoader.load(ChannelAdapterProvider.class, loader)) {
      provider.create(settings).ifPresent(found::add);
    }
    return List.copyOf(found);
  }

  /**
   * The setting {@code name} (such as {@code communicable.twilio.account-sid}) from system
   * properties, else from the environment variable {@code COMMUNICABLE_TWILIO_ACCOUNT_SID}, else
   * null.
   */
  public static @Nullable String setting(String name) {
    String value = System.getProperty(name);
    if (value != null) {
      return value;
    }
    return System.getenv(name.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT));
  }
}
