package org.vigil.gateway.mqtt;

import io.moquette.broker.security.IAuthenticator;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vigil.gateway.auth.PasswordHashing;
import org.vigil.gateway.config.MqttClientConfig;
import org.vigil.gateway.logging.LogText;

/**
 * Who may connect to the embedded broker and what each may do, as Moquette's authenticator and
 * authorisation policy. The gateway's identity may do anything; a configured client publishes
 * only to its {@code publish} topics and subscribes only within its {@code subscribe} filters;
 * nobody but the gateway publishes under {@link TopicFilters#GATEWAY_ONLY}. A client that presents
 * one of the gateway's client ids without the gateway's credentials is refused before the broker
 * looks at sessions, so it cannot push the gateway off (MQTT 3.1.1 section 3.1.4: a second
 * connection with the same client id disconnects the first), and {@code impostor} is told.
 *
 * <p>With {@code anonymous} set (a loopback test bench), clients without a user name connect
 * and may read everything and publish everywhere but the gateway's topics; Moquette lets them in
 * without asking the authenticator, so their client id is not checked.
 */
public final class BrokerAccounts implements IAuthenticator, IAuthorizatorPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerAccounts.class);
    /** Checked against when the user is unknown, so that the answer takes as long as for a known one. */
    private static final String NOBODY = PasswordHashing.hash("no such client".toCharArray(), PasswordHashing.COST);

    private final GatewayIdentity gateway;
    private final Set<String> gatewayClientIds;
    private final Map<String, MqttClientConfig> clients = new LinkedHashMap<>();
    private final boolean anonymous;
    private final BiConsumer<String, String> impostor;

    /**
     * @param impostor told the client id and user name of each refused attempt to use a gateway
     *                 client id; called on a broker thread, must not block
     */
    public BrokerAccounts(GatewayIdentity gateway, List<String> gatewayClientIds, List<MqttClientConfig> clients,
                          boolean anonymous, BiConsumer<String, String> impostor) {
        this.gateway = gateway;
        this.gatewayClientIds = Set.copyOf(gatewayClientIds);
        clients.forEach(client -> this.clients.put(client.name(), client));
        this.anonymous = anonymous;
        this.impostor = impostor;
    }

    @Override
    public boolean checkValid(String clientId, String username, byte[] password) {
        if (gateway.isPresentedBy(username, password)) {
            return gatewayClientIds.contains(clientId);
        }
        if (clientId != null && gatewayClientIds.contains(clientId)) {
            LOG.warn("MQTT client id {} refused to user {}: it is the gateway's", LogText.quote(clientId), LogText.quote(username));
            impostor.accept(clientId, username);
            return false;
        }
        MqttClientConfig client = username == null ? null : clients.get(username);
        char[] presented = decode(password);
        try {
            if (client == null || presented == null || presented.length == 0) {
                PasswordHashing.matches(presented == null || presented.length == 0 ? new char[] {'-'} : presented, NOBODY);
                LOG.info("MQTT connection refused to user {}: unknown user or bad password", LogText.quote(username));
                return false;
            }
            boolean valid = PasswordHashing.matches(presented, client.passwordHash());
            if (!valid) LOG.info("MQTT connection refused to user {}: unknown user or bad password", LogText.quote(username));
            return valid;
        } finally {
            if (presented != null) Arrays.fill(presented, '\0');
        }
    }

    @Override
    public boolean canWrite(Topic topic, String user, String client) {
        if (isGateway(user)) return true;
        String name = topic.toString();
        if (TopicFilters.reachesGatewayTopics(name)) return false;
        if (user == null) return anonymous;
        MqttClientConfig account = clients.get(user);
        return account != null && account.publish().stream().anyMatch(allowed -> TopicFilters.covers(allowed, name));
    }

    @Override
    public boolean canRead(Topic topic, String user, String client) {
        if (isGateway(user)) return true;
        if (user == null) return anonymous;
        MqttClientConfig account = clients.get(user);
        String filter = topic.toString();
        return account != null && account.subscribe().stream().anyMatch(allowed -> TopicFilters.covers(allowed, filter));
    }

    /** Moquette passes a user name to the policy only once the authenticator has accepted it. */
    private boolean isGateway(String user) {
        return gateway.username().equals(user);
    }

    /** The password as UTF-8 text (MQTT 3.1.1 section 3.1.3.5 allows binary data; such a password matches nobody). */
    private static char[] decode(byte[] password) {
        if (password == null) return null;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(password));
            char[] text = new char[chars.remaining()];
            chars.get(text);
            return text;
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
