package dev.communicable.spi;

import dev.communicable.Content;
import dev.communicable.template.Template;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Versioned templates per tenant. Passes {@code TemplateStoreContract} in communicable-testkit. */
public interface TemplateStore {

  /**
   * Stores {@code variants} as the next version of the template (1 if it is new) and makes it the
   * active version.
   */
  Template publish(
      String tenantId,
      String templateId,
      Map<Template.Variant, Content> variants,
      String publishedBy,
      Instant at);

  /** The active version, if the template exists. */
  Optional<Template> active(String tenantId, String templateId);

  /** A given version, if it exists. */
  Optional<Template> version(String tenantId, String templateId, int version);

  /** Every version's number, ascending. */
  List<Integer> versions(String tenantId, String templateId);

  /**
   * Makes an existing version the active one again (rollback).
   *
   * @throws dev.communicable.NotFoundException when the template or version does not exist
   */
  Template activate(String tenantId, String templateId, int version);
}
