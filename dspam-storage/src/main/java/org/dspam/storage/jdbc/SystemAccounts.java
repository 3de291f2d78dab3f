package org.dspam.storage.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The system's user accounts, as {@code getpwnam}/{@code getpwuid} see them: through
 * {@code getent passwd}, so that LDAP and other NSS sources count, or from {@code /etc/passwd} where
 * {@code getent} is missing. Answers are cached for the life of the driver.
 */
final class SystemAccounts {
    private record Account(String name, int uid) {
    }

    private final Path passwd;
    private final ConcurrentHashMap<String, Optional<Account>> byName = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, Optional<Account>> byUid = new ConcurrentHashMap<>();

    SystemAccounts() {
        this(Path.of("/etc/passwd"));
    }

    SystemAccounts(Path passwd) {
        this.passwd = passwd;
    }

    OptionalInt uid(String name) {
        Optional<Account> a = byName.computeIfAbsent(name, n -> lookup(n).filter(acc -> acc.name.equals(n)));
        return a.map(acc -> OptionalInt.of(acc.uid)).orElseGet(OptionalInt::empty);
    }

    Optional<String> name(int uid) {
        return byUid.computeIfAbsent(uid, u -> lookup(Integer.toString(u)).filter(acc -> acc.uid == u))
                .map(Account::name);
    }

    private Optional<Account> lookup(String key) {
        try {
            Process p = new ProcessBuilder("getent", "passwd", key).redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return fromFile(key);
            }
            // getent exits 2 for "no such key"; anything else means it could not answer.
            if (p.exitValue() == 2) {
                return Optional.empty();
            }
            return p.exitValue() == 0 ? parse(out.lines().findFirst().orElse("")) : fromFile(key);
        } catch (IOException e) {
            return fromFile(key);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fromFile(key);
        }
    }

    private Optional<Account> fromFile(String key) {
        try {
            List<String> lines = Files.readAllLines(passwd, StandardCharsets.UTF_8);
            for (String line : lines) {
                Optional<Account> a = parse(line);
                if (a.isPresent() && (a.get().name.equals(key) || Integer.toString(a.get().uid).equals(key))) {
                    return a;
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<Account> parse(String line) {
        String[] f = line.split(":", -1);
        if (f.length < 3 || f[0].isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Account(f[0], Integer.parseInt(f[2])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
