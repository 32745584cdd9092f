package io.lambdaarch.serving.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which {@code Host} headers the server answers, against DNS rebinding: a page on an attacker's domain whose name is
 * made to resolve to this server would otherwise read the API from the victim's browser. As Jupyter's
 * {@code local_hostnames} and Vite's {@code server.allowedHosts} do, it accepts {@code localhost} (and names under
 * {@code .localhost}, which resolve to loopback, RFC 6761), any IP address (a rebinding page reaches the server under
 * its own name, never under an address), the name the server is bound to, and the configured names; a configured name
 * starting with a dot also accepts its subdomains. A request without a {@code Host} header is not from a browser.
 */
public final class HostAllowlist {
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6_LITERAL = Pattern.compile("\\[[0-9a-f:.]+(%[0-9a-z._~-]+)?\\]");
    private static final Pattern PORT = Pattern.compile(":[0-9]{1,5}$");

    private final List<String> names;

    /** {@code names}: host names in lower case, as the configuration checked them; {@code bindHost}: the bound address. */
    public HostAllowlist(List<String> names, String bindHost) {
        List<String> all = new ArrayList<>(names);
        all.add("localhost");
        all.add(".localhost");
        all.add(bindHost.toLowerCase(Locale.ROOT));
        this.names = List.copyOf(all);
    }

    /** Whether a request whose {@code Host} header is {@code host} (null when absent) is answered. */
    public boolean allows(String host) {
        if (host == null || host.isBlank()) {
            return true;
        }
        String name = PORT.matcher(host.strip().toLowerCase(Locale.ROOT)).replaceFirst("");
        if (IPV4.matcher(name).matches() || IPV6_LITERAL.matcher(name).matches()) {
            return true;
        }
        // A fully qualified name may end in a dot ("localhost."): the same host.
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        for (String allowed : names) {
            if (allowed.startsWith(".")) {
                if (name.equals(allowed.substring(1)) || name.endsWith(allowed)) {
                    return true;
                }
            } else if (name.equals(allowed)) {
                return true;
            }
        }
        return false;
    }
}
