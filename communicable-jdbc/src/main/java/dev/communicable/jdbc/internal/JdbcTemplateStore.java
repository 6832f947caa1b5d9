package dev.communicable.jdbc.internal;

import static dev.communicable.jdbc.internal.schema.Tables.TEMPLATES;
import static dev.communicable.jdbc.internal.schema.Tables.TEMPLATE_VERSIONS;

import dev.communicable.Arguments;
import dev.communicable.Content;
import dev.communicable.InvalidRequestException;
import dev.communicable.NotFoundException;
import dev.communicable.jdbc.internal.schema.tables.records.TemplateVersionsRecord;
import dev.communicable.spi.TemplateStore;
import dev.communicable.template.Template;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jooq.impl.DSL;

/** Versioned templates: one row per template (which version is active), one per version. */
public final class JdbcTemplateStore implements TemplateStore {
  private final Database db;

  public JdbcTemplateStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public Template publish(
      String tenantId,
      String templateId,
      Map<Template.Variant, Content> variants,
      String publishedBy,
      Instant at) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("templateId", templateId);
    if (variants == null || variants.isEmpty()) {
      throw new InvalidRequestException("variants", "must hold at least one channel's content");
    }
    Arguments.notBlank("publishedBy", publishedBy);
    Arguments.notNull("at", at);
    return db.transaction(
        "publishing template '" + templateId + "'",
        tx -> {
          tx.insertInto(TEMPLATES)
              .set(TEMPLATES.TENANT_ID, tenantId)
              .set(TEMPLATES.ID, templateId)
              .set(TEMPLATES.ACTIVE_VERSION, 0)
              .set(TEMPLATES.CREATED_AT, at)
              .set(TEMPLATES.UPDATED_AT, at)
              .onConflictDoNothing()
              .execute();
          // The row lock serializes concurrent publishers of one template.
          tx.selectFrom(TEMPLATES)
              .where(TEMPLATES.TENANT_ID.eq(tenantId))
              .and(TEMPLATES.ID.eq(templateId))
              .forUpdate()
              .fetchSingle();
          Integer last =
              tx.select(DSL.max(TEMPLATE_VERSIONS.VERSION))
                  .from(TEMPLATE_VERSIONS)
                  .where(TEMPLATE_VERSIONS.TENANT_ID.eq(tenantId))
                  .and(TEMPLATE_VERSIONS.TEMPLATE_ID.eq(templateId))
                  .fetchOne(0, Integer.class);
          int version = last == null ? 1 : last + 1;
          tx.insertInto(TEMPLATE_VERSIONS)
              .set(TEMPLATE_VERSIONS.TENANT_ID, tenantId)
              .set(TEMPLATE_VERSIONS.TEMPLATE_ID, templateId)
              .set(TEMPLATE_VERSIONS.VERSION, version)
              .set(TEMPLATE_VERSIONS.VARIANTS, Json.variants(variants))
              .set(TEMPLATE_VERSIONS.PUBLISHED_BY, publishedBy)
              .set(TEMPLATE_VERSIONS.PUBLISHED_AT, at)
              .execute();
          tx.update(TEMPLATES)
              .set(TEMPLATES.ACTIVE_VERSION, version)
              .set(TEMPLATES.UPDATED_AT, at)
              .where(TEMPLATES.TENANT_ID.eq(tenantId))
              .and(TEMPLATES.ID.eq(templateId))
              .execute();
          return new Template(tenantId, templateId, version, variants, publishedBy, at);
        });
  }

  @Override
  public Optional<Template> active(String tenantId, String templateId) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("templateId", templateId);
    return db.read(
        "reading template '" + templateId + "'",
        ctx ->
            ctx.select(TEMPLATE_VERSIONS.fields())
                .from(TEMPLATES)
                .join(TEMPLATE_VERSIONS)
                .on(TEMPLATE_VERSIONS.TENANT_ID.eq(TEMPLATES.TENANT_ID))
                .and(TEMPLATE_VERSIONS.TEMPLATE_ID.eq(TEMPLATES.ID))
                .and(TEMPLATE_VERSIONS.VERSION.eq(TEMPLATES.ACTIVE_VERSION))
                .where(TEMPLATES.TENANT_ID.eq(tenantId))
                .and(TEMPLATES.ID.eq(templateId))
                .fetchOptional()
                .map(r -> template(r.into(TEMPLATE_VERSIONS))));
  }

  @Override
  public Optional<Template> version(String tenantId, String templateId, int version) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("templateId", templateId);
    Arguments.positive("version", version);
    return db.read(
        "reading template '" + templateId + "' version " + version,
        ctx ->
            ctx.selectFrom(TEMPLATE_VERSIONS)
                .where(TEMPLATE_VERSIONS.TENANT_ID.eq(tenantId))
                .and(TEMPLATE_VERSIONS.TEMPLATE_ID.eq(templateId))
                .and(TEMPLATE_VERSIONS.VERSION.eq(version))
                .fetchOptional()
                .map(JdbcTemplateStore::template));
  }

  @Override
  public List<Integer> versions(String tenantId, String templateId) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("templateId", templateId);
    return db.read(
        "listing the versions of template '" + templateId + "'",
        ctx ->
            ctx.select(TEMPLATE_VERSIONS.VERSION)
                .from(TEMPLATE_VERSIONS)
                .where(TEMPLATE_VERSIONS.TENANT_ID.eq(tenantId))
                .and(TEMPLATE_VERSIONS.TEMPLATE_ID.eq(templateId))
                .orderBy(TEMPLATE_VERSIONS.VERSION)
                .fetch(TEMPLATE_VERSIONS.VERSION));
  }

  @Override
  public Template activate(String tenantId, String templateId, int version) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("templateId", templateId);
    Arguments.positive("version", version);
    return db.transaction(
        "activating template '" + templateId + "' version " + version,
        tx -> {
          TemplateVersionsRecord stored =
              tx.selectFrom(TEMPLATE_VERSIONS)
                  .where(TEMPLATE_VERSIONS.TENANT_ID.eq(tenantId))
                  .and(TEMPLATE_VERSIONS.TEMPLATE_ID.eq(templateId))
                  .and(TEMPLATE_VERSIONS.VERSION.eq(version))
                  .fetchOne();
          if (stored == null) {
            boolean exists =
                tx.fetchExists(
                    TEMPLATES, TEMPLATES.TENANT_ID.eq(tenantId).and(TEMPLATES.ID.eq(templateId)));
            throw exists
                ? new NotFoundException(tenantId, "template version", templateId + "@" + version)
                : new NotFoundException(tenantId, "template", templateId);
          }
          tx.update(TEMPLATES)
              .set(TEMPLATES.ACTIVE_VERSION, version)
              .where(TEMPLATES.TENANT_ID.eq(tenantId))
              .and(TEMPLATES.ID.eq(templateId))
              .execute();
          return template(stored);
        });
  }

  private static Template template(TemplateVersionsRecord r) {
    return new Template(
        r.getTenantId(),
        r.getTemplateId(),
        r.getVersion(),
        Json.readVariants(r.getVariants()),
        r.getPublishedBy(),
        r.getPublishedAt());
  }
}
