package org.dspam.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every directive DSPAM 3.10 reads from dspam.conf (reference section (g)), in DSPAM's spelling.
 * Some names also take a suffix after a dot: a storage profile ({@code MySQLServer.eu1}), a
 * domain ({@code DeliveryHost.example.org}) or an ident ({@code ServerPass.Relay1}).
 */
public final class KnownDirectives {

    private enum Suffix {
        /** The name alone. */
        NONE,
        /** The name alone, or {@code Name.something}. */
        OPTIONAL,
        /** Only {@code Name.something}. */
        REQUIRED
    }

    private static final List<String> PLAIN = List.of(
            "Home", "StorageDriver", "TrustedDeliveryAgent", "UntrustedDeliveryAgent",
            "DeliveryIdent", "DeliveryProto", "FallbackDomains", "QuarantineAgent",
            "EnablePlusedDetail", "PlusedCharacter", "PlusedUserLowercase", "QuarantineMailbox",
            "OnFail", "Trust", "Debug", "DebugOpt", "ClassAliasSpam", "ClassAliasNonspam",
            "TrainingMode", "TestConditionalTraining", "Feature", "Algorithm", "Tokenizer", "PValue",
            "WebStats", "ImprobabilityDrive", "Preference", "AllowOverride",
            "SQLitePragma",
            "HashRecMax", "HashAutoExtend", "HashMaxExtents", "HashExtentSize", "HashPctIncrease",
            "HashMaxSeek", "HashConcurrentUser", "HashConnectionCache",
            "HashNoHoles", "HashPow2", "HashFallocate",
            // This project's additions for hash_drv: journal sync, and the user folder layout DSPAM compiled in.
            "HashSync", "UserDirectoryLayout",
            "ExtLookup", "ExtLookupMode", "ExtLookupDriver", "ExtLookupServer", "ExtLookupPort",
            "ExtLookupDB", "ExtLookupQuery", "ExtLookupLDAPAttribute", "ExtLookupLDAPScope",
            "ExtLookupLDAPVersion", "ExtLookupLogin", "ExtLookupPassword", "ExtLookupCrypto",
            "Profile", "DefaultProfile", "FailoverAttempts",
            "IgnoreHeader", "Lookup", "RBLInoculate", "Notifications", "TxtDirectory",
            "QuarantineWarnSize",
            "PurgeSignatures", "PurgeNeutral", "PurgeUnused", "PurgeHapaxes", "PurgeHits1S",
            "PurgeHits1I",
            "LocalMX", "SystemLog", "UserLog", "TrainPristine", "Opt", "TrackSources",
            "ParseToHeaders", "ChangeModeOnParse", "ChangeUserOnParse", "Broken", "MaxMessageSize",
            "ClamAVPort", "ClamAVHost", "ClamAVResponse",
            "ServerHost", "ServerPort", "ServerQueueSize", "ServerPID", "ServerMode",
            "ServerParameters", "ServerIdent", "ServerDomainSocketPath",
            "ClientHost", "ClientPort", "ClientIdent", "RABLQueue",
            "DataSource", "ProcessorWordFrequency", "ProcessorURLContext", "ProcessorBias",
            "StripRcptDomain", "GroupConfig", "Include", "LMTPLDAErrorsPermanent",
            // This project's additions (DSPAM had none of these).
            "ProcessorMaxText",
            "ServerMaxMessageSize", "ServerMaxRecipients", "ServerMaxConnections", "ServerTimeout",
            "ServerThreads", "ServerMemoryLimit", "DeliveryTimeout", "DeliveryConnectionCache");

    /** Storage keys, which a profile may qualify, and the per-domain delivery keys. */
    private static final List<String> QUALIFIABLE = List.of(
            "DeliveryHost", "DeliveryPort",
            "MySQLServer", "MySQLPort", "MySQLUser", "MySQLPass", "MySQLDb", "MySQLCompress",
            "MySQLReconnect", "MySQLWriteServer", "MySQLWritePort", "MySQLWriteUser",
            "MySQLWritePass", "MySQLWriteDb", "MySQLReadSignaturesFromWriteDb",
            "MySQLConnectionCache", "MySQLVirtualTable", "MySQLVirtualUIDField",
            "MySQLVirtualUsernameField", "MySQLUIDInSignature",
            "PgSQLServer", "PgSQLPort", "PgSQLUser", "PgSQLPass", "PgSQLDb",
            "PgSQLConnectionCache", "PgSQLUIDInSignature", "PgSQLVirtualTable",
            "PgSQLVirtualUIDField", "PgSQLVirtualUsernameField");

    private static final List<String> ALWAYS_QUALIFIED = List.of("ServerPass", "Failover");

    /** Keyed by the folded name, because DSPAM looks names up ignoring case. */
    private static final Map<String, Entry> TABLE = table();

    private record Entry(String name, Suffix suffix) {
    }

    private KnownDirectives() {
    }

    /** The directive names in DSPAM's spelling, without suffixes. */
    public static List<String> names() {
        return TABLE.values().stream().map(Entry::name).toList();
    }

    /** Whether a name, as written in a file, is one DSPAM reads. */
    public static boolean isKnown(String key) {
        int dot = key.indexOf('.');
        String base = dot < 0 ? key : key.substring(0, dot);
        boolean suffixed = dot >= 0;
        if (suffixed && dot == key.length() - 1) {
            return false;
        }
        Entry entry = TABLE.get(Names.fold(base));
        if (entry == null) {
            return false;
        }
        if (entry.name().equals(ConfigReader.INCLUDE)) {
            // DSPAM acts on Include only when spelled exactly; other spellings do nothing.
            return key.equals(ConfigReader.INCLUDE);
        }
        return switch (entry.suffix()) {
            case NONE -> !suffixed;
            case OPTIONAL -> true;
            case REQUIRED -> suffixed;
        };
    }

    private static Map<String, Entry> table() {
        Map<String, Entry> table = new LinkedHashMap<>();
        Stream.of(
                PLAIN.stream().map(name -> new Entry(name, Suffix.NONE)),
                QUALIFIABLE.stream().map(name -> new Entry(name, Suffix.OPTIONAL)),
                ALWAYS_QUALIFIED.stream().map(name -> new Entry(name, Suffix.REQUIRED)))
                .flatMap(s -> s)
                .forEach(entry -> table.put(Names.fold(entry.name()), entry));
        return table;
    }
}
