package dev.communicable.campaign;

import dev.communicable.CommunicationException;

/** A campaign was asked to make a move its state does not allow, such as starting it twice. */
public class IllegalCampaignStateException extends CommunicationException {
  private static final long serialVersionUID = 1L;

  private final String tenantId;
  private final String campaignId;
  private final CampaignState state;
  private final String action;

  public IllegalCampaignStateException(
      String tenantId, String campaignId, CampaignState state, String action) {
    super(
        "campaign '"
            + campaignId
            + "' of tenant '"
            + tenantId
            + "' is "
            + state
            + " and cannot "
            + action);
    this.tenantId = tenantId;
    this.campaignId = campaignId;
    this.state = state;
    this.action = action;
  }

  public String tenantId() {
    return tenantId;
  }

  public String campaignId() {
    return campaignId;
  }

  /** The state the campaign was in. */
  public CampaignState state() {
    return state;
  }

  /** What was asked: {@code start}, {@code pause}, {@code resume} or {@code cancel}. */
  public String action() {
    return action;
  }
}
