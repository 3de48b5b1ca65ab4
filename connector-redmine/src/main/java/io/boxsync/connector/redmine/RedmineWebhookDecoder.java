package io.boxsync.connector.redmine;

import io.boxsync.connector.RemoteEvent;
import io.boxsync.connector.WebhookDecoder;
import io.boxsync.connector.WebhookException;
import io.boxsync.connector.WebhookRequest;
import java.util.List;

/** Redmine has no webhooks: every delivery claiming to come from it is rejected. Pure, thread-safe. */
final class RedmineWebhookDecoder implements WebhookDecoder {
    @Override
    public List<RemoteEvent> verifyAndDecode(WebhookRequest request) {
        throw new WebhookException(WebhookException.Reason.MALFORMED,
                "Redmine sends no webhooks: Boxsync finds Redmine changes by polling (incremental reads by updated_on), "
                        + "so this delivery cannot be from Redmine and is rejected");
    }
}
