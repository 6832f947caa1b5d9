package dev.communicable;

/** A tenant-scoped lookup named something that does not exist (or belongs to another tenant). */
public class NotFoundException extends CommunicationException {
  private static final long serialVersionUID = 1L;

  private final String tenantId;
  private final String kind;
  private final String id;

  public NotFoundException(String tenantId, String kind, String id) {
    super(kind + " '" + id + "' does not exist for tenant '" + tenantId + "'");
    this.tenantId = tenantId;
    this.kind = kind;
    this.id = id;
  }

  public String tenantId() {
    return tenantId;
  }

  /** What was looked up: {@code "template"}, {@code "delivery"}, {@code "message"}... */
  public String kind() {
    return kind;
  }

  public String id() {
    return id;
  }
}
