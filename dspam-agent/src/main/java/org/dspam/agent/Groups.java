package org.dspam.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * DSPAM's group file ({@code GroupConfig}): one group a line, {@code name:type:member,member,...},
 * where the type is {@code shared}, {@code shared,managed}, {@code classification},
 * {@code inoculation} or {@code merged}. Blank lines and lines starting with {@code #} or
 * {@code ;} are skipped; names compare ignoring case, as DSPAM compares them; spaces around a
 * name are dropped.
 *
 * <p>{@link #membership} applies DSPAM's rules for a user, line by line in file order: a user
 * belongs to at most one shared group, and to none if an earlier line already made them a member
 * of a classification, global, inoculation or merged group; a shared group's member joins no
 * later group; at most one merged group; either classification groups or global groups (a
 * classification group with {@code *user} entries, which every user belongs to), whichever comes
 * first. Lines of an unknown type are ignored.
 */
final class Groups {
    static final Groups NONE = new Groups(List.of());

    private final List<Line> lines;

    private record Line(String name, String type, List<String> members) {
    }

    private Groups(List<Line> lines) {
        this.lines = List.copyOf(lines);
    }

    /** Reads the group file; a missing file means no groups. */
    static Groups read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return NONE;
        }
        try {
            return parse(Files.readAllLines(file, StandardCharsets.ISO_8859_1));
        } catch (NoSuchFileException e) {
            return NONE;
        }
    }

    static Groups parse(List<String> text) {
        List<Line> lines = new ArrayList<>();
        for (String raw : text) {
            if (raw.isEmpty() || raw.charAt(0) == '#' || raw.charAt(0) == ';') {
                continue;
            }
            String[] fields = raw.split(":", 3);
            if (fields.length < 2 || fields[0].isBlank() || fields[1].isBlank()) {
                continue;
            }
            List<String> members = new ArrayList<>();
            if (fields.length == 3) {
                for (String m : fields[2].split(",")) {
                    if (!m.isBlank()) {
                        members.add(m.strip());
                    }
                }
            }
            lines.add(new Line(fields[0].strip(), fields[1].strip().toLowerCase(Locale.ROOT), List.copyOf(members)));
        }
        return new Groups(lines);
    }

    /**
     * The groups {@code user} belongs to for one message.
     *
     * @param reportingSpam whether the message is being learned as spam from a source other than a
     *        corpus: only then do inoculation groups count
     */
    Membership membership(String user, boolean reportingSpam) {
        boolean inoculation = false;
        boolean classification = false;
        boolean global = false;
        boolean globalPeers = false;
        String shared = null;
        boolean managed = false;
        String merged = null;
        List<String> inoculate = new ArrayList<>();
        List<String> peers = new ArrayList<>();
        for (Line line : lines) {
            String type = line.type();
            if (type.equals("inoculation")) {
                if (!reportingSpam || shared != null || !containsName(line.members(), user)) {
                    continue;
                }
                inoculation = true;
                for (String m : line.members()) {
                    if (!m.equalsIgnoreCase(user)) {
                        addOnce(inoculate, m);
                    }
                }
            } else if (type.equals("classification")) {
                if (shared != null) {
                    continue;
                }
                // The first entry that decides: a *user entry makes this a global group for everyone,
                // the user's own name makes it their classification network.
                boolean joined = false;
                for (String m : line.members()) {
                    if (isGlobalEntry(m)) {
                        if (!classification) {
                            global = true;
                            joined = true;
                        }
                        break;
                    }
                    if (m.equalsIgnoreCase(user)) {
                        if (!global) {
                            classification = true;
                            joined = true;
                        }
                        break;
                    }
                }
                if (!joined) {
                    continue;
                }
                for (String m : line.members()) {
                    if (isGlobalEntry(m)) {
                        String peer = m.substring(1);
                        if (global && !peer.equalsIgnoreCase(user)) {
                            globalPeers = true;
                            addOnce(peers, peer);
                        }
                    } else if (classification && !m.equals("*") && !m.equalsIgnoreCase(user)) {
                        addOnce(peers, m);
                    }
                }
            } else if (type.startsWith("shared")) {
                if (shared != null || merged != null || inoculation || classification || global) {
                    continue;
                }
                for (String m : line.members()) {
                    if (matches(m, user)) {
                        shared = line.name();
                        managed = type.substring("shared".length()).startsWith(",managed");
                        break;
                    }
                }
            } else if (type.equals("merged") && !line.name().equalsIgnoreCase(user)) {
                if (merged != null || shared != null) {
                    continue;
                }
                // Entries apply in order: "*" or "*@domain" takes the user in, "-user" or "-*@domain" out again.
                for (String m : line.members()) {
                    if (matches(m, user)) {
                        merged = line.name();
                    } else if (excludes(m, user)) {
                        merged = null;
                    }
                }
            }
        }
        return new Membership(shared, managed, merged, inoculate, peers, globalPeers);
    }

    private static boolean isGlobalEntry(String member) {
        return member.length() > 1 && member.charAt(0) == '*';
    }

    private static boolean containsName(List<String> members, String user) {
        for (String m : members) {
            if (m.equalsIgnoreCase(user)) {
                return true;
            }
        }
        return false;
    }

    private static void addOnce(List<String> names, String name) {
        if (!containsName(names, name)) {
            names.add(name);
        }
    }

    /** The user by name, everyone ({@code *}), or everyone of the user's domain ({@code *@domain}). */
    private static boolean matches(String member, String user) {
        if (member.equalsIgnoreCase(user) || member.equals("*")) {
            return true;
        }
        return member.startsWith("*@") && member.substring(1).equalsIgnoreCase(domain(user));
    }

    /** {@code -user} or {@code -*@domain}. */
    private static boolean excludes(String member, String user) {
        if (!member.startsWith("-")) {
            return false;
        }
        String rest = member.substring(1);
        return rest.equalsIgnoreCase(user) || (rest.startsWith("*@") && rest.substring(1).equalsIgnoreCase(domain(user)));
    }

    /** {@code @domain} of {@code user@domain}, or null. */
    private static String domain(String user) {
        int at = user.indexOf('@');
        return at < 0 ? null : user.substring(at);
    }

    /**
     * A user's groups for one message.
     *
     * @param shared the shared group whose data the user uses, or null
     * @param managed whether the shared group is managed: its quarantine and log serve all members
     * @param merged the merged group whose data is read together with the user's, or null
     * @param inoculate the other members of the user's inoculation groups (only when reporting spam)
     * @param peers the users consulted when the user's own result is innocent and not confident
     * @param global whether the peers are a global group's (consulted whatever the confidence
     *        while the user's own data is young)
     */
    record Membership(String shared, boolean managed, String merged, List<String> inoculate, List<String> peers,
                      boolean global) {
        static final Membership NONE = new Membership(null, false, null, List.of(), List.of(), false);

        Membership {
            inoculate = List.copyOf(inoculate);
            peers = List.copyOf(peers);
        }

        /** Whose tokens, totals and signatures the user's messages use: the shared group's or their own. */
        String dataUser(String user) {
            return shared != null ? shared : user;
        }

        /** The managed group whose quarantine, log and files serve the user, or null. */
        String managedGroup() {
            return managed ? shared : null;
        }
    }
}
