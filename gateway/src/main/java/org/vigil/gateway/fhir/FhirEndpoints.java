package org.vigil.gateway.fhir;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The FHIR API with the base URL its links and full URLs carry. With {@code http.public-url} that
 * base is fixed. Without it, a request's {@code Host} is used only when it names this gateway, the
 * configured bind address (or, bound to every interface, an address of this machine, its name or
 * {@code localhost}) on the port it serves; any other Host gets the configured address, so a
 * forged Host never reaches a link (RFC 9110 §7.2; OWASP Web Security Testing Guide, "Testing for
 * Host Header Injection").
 */
public final class FhirEndpoints {

    /** A name or address and a port, nothing else. */
    private static final Pattern HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]{1,253})(?::(\\d{1,5}))?");

    private final Function<URI, FhirApi> apiAt;
    private final URI publicBase;
    private final String scheme;
    private final String bind;
    private final IntSupplier port;
    private final Set<String> ownNames;

    private FhirEndpoints(Function<URI, FhirApi> apiAt, URI publicBase, String scheme, String bind, IntSupplier port) {
        this.apiAt = apiAt;
        this.publicBase = publicBase;
        this.scheme = scheme;
        this.bind = bind;
        this.port = port;
        this.ownNames = publicBase == null ? ownNames(bind) : Set.of();
    }

    /** Links always start with {@code publicUrl}, whatever Host a request names. */
    public static FhirEndpoints at(Function<URI, FhirApi> apiAt, String publicUrl) {
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        return new FhirEndpoints(apiAt, URI.create(base + "/fhir"), null, null, null);
    }

    /** Links use a Host that names this gateway as served on {@code bind} and {@code port}. */
    public static FhirEndpoints served(Function<URI, FhirApi> apiAt, String scheme, String bind, IntSupplier port) {
        return new FhirEndpoints(apiAt, null, scheme, bind, port);
    }

    /** The API for a request with this {@code Host} header (which may be missing). */
    public FhirApi forHost(String host) {
        if (publicBase != null) return apiAt.apply(publicBase);
        return apiAt.apply(URI.create(scheme + "://" + (names(host) ? host : configuredHost()) + "/fhir"));
    }

    private boolean names(String host) {
        if (host == null) return false;
        Matcher matcher = HOST.matcher(host);
        if (!matcher.matches()) return false;
        int given = matcher.group(2) == null ? (scheme.equals("https") ? 443 : 80) : Integer.parseInt(matcher.group(2));
        String name = matcher.group(1).toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) name = name.substring(1, name.length() - 1);
        return given == port.getAsInt() && ownNames.contains(name);
    }

    private String configuredHost() {
        String address = wildcard(bind) ? "127.0.0.1" : bind.contains(":") ? "[" + bind + "]" : bind;
        return address + ":" + port.getAsInt();
    }

    private static boolean wildcard(String bind) {
        return bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]");
    }

    private static Set<String> ownNames(String bind) {
        Set<String> names = new HashSet<>();
        names.add(bind.toLowerCase(Locale.ROOT));
        try {
            InetAddress address = InetAddress.getByName(bind);
            if (address.isLoopbackAddress()) names.addAll(Set.of("localhost", "127.0.0.1", "::1"));
            if (address.isAnyLocalAddress()) {
                names.add("localhost");
                for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    for (InetAddress own : Collections.list(nic.getInetAddresses())) {
                        String text = own.getHostAddress();
                        int scope = text.indexOf('%');
                        names.add((scope < 0 ? text : text.substring(0, scope)).toLowerCase(Locale.ROOT));
                    }
                }
                names.add(InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT));
            }
        } catch (UnknownHostException | SocketException e) {
            // Only the configured bind address itself is then trusted.
        }
        return Set.copyOf(names);
    }
}
