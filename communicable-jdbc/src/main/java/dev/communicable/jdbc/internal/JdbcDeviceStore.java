package dev.communicable.jdbc.internal;

import static dev.communicable.jdbc.internal.schema.Tables.DEVICES;

import dev.communicable.Arguments;
import dev.communicable.NotFoundException;
import dev.communicable.device.Device;
import dev.communicable.jdbc.internal.schema.tables.records.DevicesRecord;
import dev.communicable.spi.DeviceStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jooq.DSLContext;

/** The push device registry: one row per (tenant, platform, token). */
public final class JdbcDeviceStore implements DeviceStore {
  private final Database db;

  public JdbcDeviceStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public Device register(
      String tenantId, String recipientId, String platform, String token, Instant at) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("recipientId", recipientId);
    Arguments.notBlank("platform", platform);
    Arguments.notBlank("token", token);
    Arguments.notNull("at", at);
    return db.transaction(
        "registering a " + platform + " device",
        tx -> upsert(tx, tenantId, recipientId, platform, token, at));
  }

  private static Device upsert(
      DSLContext tx,
      String tenantId,
      String recipientId,
      String platform,
      String token,
      Instant at) {
    tx.insertInto(DEVICES)
        .set(DEVICES.TENANT_ID, tenantId)
        .set(DEVICES.PLATFORM, platform)
        .set(DEVICES.TOKEN, token)
        .set(DEVICES.RECIPIENT_ID, recipientId)
        .set(DEVICES.ACTIVE, true)
        .set(DEVICES.REGISTERED_AT, at)
        .set(DEVICES.UPDATED_AT, at)
        .onConflict(DEVICES.TENANT_ID, DEVICES.PLATFORM, DEVICES.TOKEN)
        .doUpdate()
        .set(DEVICES.RECIPIENT_ID, recipientId)
        .set(DEVICES.ACTIVE, true)
        .set(DEVICES.UPDATED_AT, at)
        .execute();
    return device(
        tx.selectFrom(DEVICES)
            .where(DEVICES.TENANT_ID.eq(tenantId))
            .and(DEVICES.PLATFORM.eq(platform))
            .and(DEVICES.TOKEN.eq(token))
            .fetchSingle());
  }

  @Override
  public Device rotate(
      String tenantId, String platform, String oldToken, String newToken, Instant at) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("platform", platform);
    Arguments.notBlank("oldToken", oldToken);
    Arguments.notBlank("newToken", newToken);
    Arguments.notNull("at", at);
    return db.transaction(
        "rotating a " + platform + " device token",
        tx -> {
          DevicesRecord old =
              tx.selectFrom(DEVICES)
                  .where(DEVICES.TENANT_ID.eq(tenantId))
                  .and(DEVICES.PLATFORM.eq(platform))
                  .and(DEVICES.TOKEN.eq(oldToken))
                  .forUpdate()
                  .fetchOne();
          if (old == null) {
            throw new NotFoundException(tenantId, "device", platform + ":" + oldToken);
          }
          tx.update(DEVICES)
              .set(DEVICES.ACTIVE, false)
              .set(DEVICES.UPDATED_AT, at)
              .where(DEVICES.TENANT_ID.eq(tenantId))
              .and(DEVICES.PLATFORM.eq(platform))
              .and(DEVICES.TOKEN.eq(oldToken))
              .execute();
          return upsert(tx, tenantId, old.getRecipientId(), platform, newToken, at);
        });
  }

  @Override
  public boolean deactivate(String tenantId, String platform, String token, Instant at) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("platform", platform);
    Arguments.notBlank("token", token);
    Arguments.notNull("at", at);
    return db.read(
            "deactivating a " + platform + " device",
            ctx ->
                ctx.update(DEVICES)
                    .set(DEVICES.ACTIVE, false)
                    .set(DEVICES.UPDATED_AT, at)
                    .where(DEVICES.TENANT_ID.eq(tenantId))
                    .and(DEVICES.PLATFORM.eq(platform))
                    .and(DEVICES.TOKEN.eq(token))
                    .and(DEVICES.ACTIVE.isTrue())
                    .execute())
        == 1;
  }

  @Override
  public List<Device> active(String tenantId, String recipientId) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("recipientId", recipientId);
    return db.read(
        "listing the devices of '" + recipientId + "'",
        ctx ->
            ctx.selectFrom(DEVICES)
                .where(DEVICES.TENANT_ID.eq(tenantId))
                .and(DEVICES.RECIPIENT_ID.eq(recipientId))
                .and(DEVICES.ACTIVE.isTrue())
                .orderBy(DEVICES.REGISTERED_AT, DEVICES.TOKEN)
                .fetch(JdbcDeviceStore::device));
  }

  private static Device device(DevicesRecord r) {
    return new Device(
        r.getTenantId(),
        r.getRecipientId(),
        r.getPlatform(),
        r.getToken(),
        r.getActive(),
        r.getRegisteredAt(),
        r.getUpdatedAt());
  }
}
