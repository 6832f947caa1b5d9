package dev.communicable.channel.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into the addresses it stands for, so that the egress check sees what a
 * connection would reach. The default asks the JVM ({@link InetAddress#getAllByName}); tests and
 * hosts with their own DNS give another.
 */
@FunctionalInterface
public interface HostResolver {

  /** The JVM's resolver, whose answers the HTTP client then reuses from the JVM's DNS cache. */
  HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

  /**
   * Every address of {@code host}.
   *
   * @throws UnknownHostException when the name does not resolve
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;
}
