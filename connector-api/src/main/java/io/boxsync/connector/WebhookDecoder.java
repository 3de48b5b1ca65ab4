package io.boxsync.connector;

import java.util.List;

/**
 * Verifies and decodes webhook deliveries of one connection. Pure: no I/O, safe from any thread.
 */
public interface WebhookDecoder {

    /**
     * Verifies the delivery's signature against the connection's secret, then decodes it.
     *
     * @return the events it carries (empty for deliveries that concern no issue, e.g. a Trello list rename)
     * @throws WebhookException when the delivery is unsigned, forged or malformed; nothing of it may be stored
     */
    List<RemoteEvent> verifyAndDecode(WebhookRequest request);
}
