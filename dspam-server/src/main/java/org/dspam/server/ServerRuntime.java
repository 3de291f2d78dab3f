package org.dspam.server;

import java.net.SocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.EventLoopGroup;

import org.dspam.agent.Agent;
import org.dspam.agent.AgentException;
import org.dspam.agent.AgentOptions;
import org.dspam.agent.ArgumentParser;
import org.dspam.agent.Caller;
import org.dspam.agent.log.AgentLog;
import org.dspam.config.ConfigException;
import org.dspam.config.DspamConfig;
import org.dspam.delivery.DeliveryProtocol;
import org.dspam.delivery.MailTransport;
import org.dspam.lmtp.ServerMode;
import org.dspam.lmtp.SessionSettings;
import org.dspam.server.reinject.ReinjectionClient;
import org.dspam.storage.StorageDriver;

/**
 * Everything the daemon builds from one reading of dspam.conf: the session settings, the limits,
 * the storage (one driver per profile, opened once and shared by every transaction), the agent and
 * the reinjection client. SIGHUP builds a new one; connections keep the one they started with, and
 * the old one is closed when its last connection is gone.
 */
final class ServerRuntime {
    /** Opens a storage driver for a profile (null: the default one). */
    @FunctionalInterface
    interface StorageOpener {
        StorageDriver open(DspamConfig config, String profile);
    }

    static final String VERSION = Optional.ofNullable(ServerRuntime.class.getPackage().getImplementationVersion())
            .orElse("3.10.90");

    private final DspamConfig config;
    private final ServerLimits limits;
    private final Caller caller;
    private final boolean trusted;
    private final AgentLog log;
    private final ReinjectionClient reinjection;
    private final SessionSettings settings;
    private final List<SocketAddress> listen;
    private final TransactionProcessor processor;
    private final Map<String, Agent> agents = new ConcurrentHashMap<>();
    private final StorageSet storage;
    private final AtomicInteger users = new AtomicInteger(1);

    private ServerRuntime(DspamConfig config, Caller caller, AgentLog log, StorageOpener opener, EventLoopGroup io,
                          Executor workers, StorageSet previousStorage) {
        this.config = config;
        this.limits = ServerLimits.from(config);
        this.caller = caller;
        this.trusted = caller.isTrusted(config);
        this.log = log;
        if (config.get("Home").isEmpty()) {
            throw new ConfigException("No DSPAM home specified");
        }
        ServerMode mode = ServerMode.parse(config.get("ServerMode").orElse(null));
        AgentOptions standard = standardOptions(mode);
        DeliveryProtocol protocol = DeliveryProtocol.configured(config);
        this.reinjection = protocol == null ? null
                : new ReinjectionClient(config, protocol, io, log, limits.deliveryTimeout(),
                        limits.deliveryConnections());
        this.settings = new SessionSettings(mode, config.get("ServerIdent").orElse("localhost.localdomain"), VERSION,
                config.serverPasswords(), standard,
                standard != null && standard.users().size() > 0, this::dlmtpOptions, protocol != null,
                limits.maxRecipients(), limits.maxMessageSize(), config.isOn("StripRcptDomain"),
                config.matches("Broken", "case"));
        this.listen = listenAddresses(config);
        this.processor = new TransactionProcessor(this, workers, log);
        this.storage = StorageSet.forConfig(config, opener, log, previousStorage);
        // Open the default storage now, so a broken configuration stops the daemon at start.
        try {
            agent(null);
        } catch (RuntimeException e) {
            release();
            throw e;
        }
    }

    /**
     * @param previousStorage the running configuration's storage, kept when the storage settings did
     *        not change (null at start)
     */
    static ServerRuntime create(DspamConfig config, Caller caller, AgentLog log, StorageOpener opener,
                                EventLoopGroup io, Executor workers, StorageSet previousStorage) {
        return new ServerRuntime(config, caller, log, opener, io, workers, previousStorage);
    }

    StorageSet storage() {
        return storage;
    }

    DspamConfig config() {
        return config;
    }

    ServerLimits limits() {
        return limits;
    }

    SessionSettings sessionSettings() {
        return settings;
    }

    TransactionHandler processor() {
        return processor;
    }

    List<SocketAddress> listenAddresses() {
        return listen;
    }

    /** The agent for a storage profile (null: the default storage). */
    Agent agent(String profile) {
        String key = profile == null ? "" : profile;
        return agents.computeIfAbsent(key, k -> new Agent(config, storage.driver(k), reinjection, log,
                Clock.systemDefaultZone(), trusted));
    }

    /** The reinjection client for a transaction with these XFORWARD attributes, or null to deliver as the agent does. */
    MailTransport reinjection(Map<String, String> forward) {
        return reinjection == null ? null : reinjection.forwarding(forward);
    }

    void acquire() {
        users.incrementAndGet();
    }

    /** Closes the storage and the kept connections once the daemon and every connection are done with this runtime. */
    void release() {
        if (users.decrementAndGet() == 0) {
            if (reinjection != null) {
                reinjection.close();
            }
            if (storage != null) {
                storage.release();
            }
        }
    }

    /**
     * {@code ServerParameters}, the agent arguments of plain LMTP transactions. Mail handed over by
     * an MTA must be delivered: without {@code --deliver=innocent} DSPAM answered 250 and dropped
     * every good message, so such parameters are refused (in {@code ServerMode standard} the
     * daemon does not start; in {@code auto} plain LMTP transactions are refused).
     */
    private AgentOptions standardOptions(ServerMode mode) {
        if (mode == ServerMode.DSPAM) {
            return null;
        }
        String parameters = config.get("ServerParameters").orElse("");
        String problem;
        AgentOptions options = null;
        try {
            options = parse(split(parameters));
            if (!options.deliverInnocent() || options.stdout() || options.classifyOnly() || options.summary()) {
                problem = "ServerParameters \"" + parameters + "\" must deliver good mail (--deliver=innocent) "
                        + "and write nothing back (no --stdout, --classify or --deliver=summary)";
            } else {
                problem = null;
            }
        } catch (AgentException e) {
            problem = "ServerParameters \"" + parameters + "\": " + e.getMessage();
        }
        if (problem == null) {
            return options;
        }
        if (mode == ServerMode.STANDARD) {
            throw new ConfigException(problem);
        }
        log.warning(problem + "; plain LMTP transactions will be refused");
        return null;
    }

    private AgentOptions dlmtpOptions(List<String> args) {
        return parse(args);
    }

    /** Parses and checks agent arguments as DSPAM does when a transaction begins; throws {@link AgentException}. */
    private AgentOptions parse(List<String> args) {
        ArgumentParser parser = new ArgumentParser(config, caller);
        AgentOptions options = parser.parse(args);
        options.warnings().forEach(log::error);
        Agent.commands(config, options, trusted);
        // The users come with RCPT TO; the other checks can be made now.
        parser.check(options.users().isEmpty() ? options.withUsers(List.of("-")) : options);
        return options;
    }

    /** Splits at spaces, as DSPAM's strtok does (several spaces are one). */
    static List<String> split(String value) {
        List<String> out = new ArrayList<>();
        Arrays.stream(value.split(" ")).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }

    /**
     * Where to listen: the unix socket {@code ServerDomainSocketPath} when set, and TCP
     * {@code ServerHost}:{@code ServerPort} (24; all interfaces without ServerHost) when there is
     * no socket path or ServerHost is given too.
     */
    static List<SocketAddress> listenAddresses(DspamConfig config) {
        List<SocketAddress> out = new ArrayList<>();
        Optional<String> socket = config.get("ServerDomainSocketPath");
        socket.ifPresent(path -> out.add(Transports.address(path, 0)));
        Optional<String> host = config.get("ServerHost");
        if (socket.isEmpty() || host.isPresent()) {
            int port = config.getInt("ServerPort", 24);
            out.add(host.isPresent() ? new java.net.InetSocketAddress(host.get(), port)
                    : new java.net.InetSocketAddress(port));
        }
        return out;
    }
}
