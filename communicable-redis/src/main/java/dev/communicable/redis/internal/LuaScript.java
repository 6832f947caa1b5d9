package dev.communicable.redis.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A Lua script called by its SHA-1. The digest is computed here, so no round trip is needed to know
 * it. When the server answers NOSCRIPT (on first use, after a restart or {@code SCRIPT FLUSH}) the
 * call is made again with EVAL, which carries the source: the server runs it and keeps it, so the
 * calls after go by SHA again.
 *
 * <p>EVAL is routed by the keys like EVALSHA, so on Redis Cluster the script reaches the node that
 * owns the keys' slot, and only that node: a keyless {@code SCRIPT LOAD}, which a cluster client
 * sends to every master, would fail while any master is unreachable, even one that holds none of
 * the keys. And no flush can come between a load and the call it was for.
 */
public final class LuaScript {
  private final String source;
  private final String sha;

  private LuaScript(String source) {
    this.source = source;
    this.sha = sha1(source);
  }

  /** The script in the classpath resource {@code name}, next to this class. */
  public static LuaScript resource(String name) {
    try (InputStream in = LuaScript.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing script resource " + name);
      }
      return new LuaScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The SHA-1 the server knows the script by. */
  public String sha() {
    return sha;
  }

  /** The script's source. */
  public String source() {
    return source;
  }

  /** Runs the script by SHA, or by its source if the server does not have it. */
  public Object run(UnifiedJedis jedis, List<String> keys, List<String> args) {
    try {
      return jedis.evalsha(sha, keys, args);
    } catch (JedisNoScriptException e) {
      return jedis.eval(source, keys, args);
    }
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every JVM", e);
    }
  }
}
