package org.dspam.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading files, Include of files and directories, and load errors. */
class DspamConfigIncludeTest {

    @TempDir
    Path dir;

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(DspamConfigIncludeTest.class.getResource("/config/" + name).toURI());
    }

    private Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    @Test
    void includedValuesTakeThePlaceOfTheIncludeLine() throws Exception {
        DspamConfig config = DspamConfig.load(fixture("include/main.conf"));
        assertEquals(List.of("root", "dspam", "mail", "daemon", "smmsp"), config.getAll("Trust"));
        assertEquals(Optional.of("10.0.0.1"), config.get("MySQLServer"));
    }

    @Test
    void directoryIncludeReadsOnlyConfFilesSortedByName() throws Exception {
        write("dspam.d/20-b.conf", "Trust b");
        write("dspam.d/10-a.conf", "Trust a");
        write("dspam.d/.hidden.conf", "Trust hidden");
        write("dspam.d/30-c.conf~", "Trust backup");
        write("dspam.d/30-c.conf.dpkg-old", "Trust old");
        write("dspam.d/notes.txt", "Trust notes");
        Files.createDirectories(dir.resolve("dspam.d/sub.conf"));
        Path main = write("dspam.conf", "Include dspam.d/");
        assertEquals(List.of("a", "b"), DspamConfig.load(main).getAll("Trust"));
    }

    @Test
    void emptyDirectoryIncludesNothing() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        Path main = write("dspam.conf", "Include empty", "Trust root");
        assertEquals(List.of("root"), DspamConfig.load(main).getAll("Trust"));
    }

    @Test
    void includePathsResolveAgainstTheIncludingFile() throws Exception {
        write("a/b/leaf.conf", "Trust leaf");
        write("a/mid.conf", "Include b/leaf.conf");
        Path main = write("dspam.conf", "Include a/mid.conf");
        assertEquals(List.of("leaf"), DspamConfig.load(main).getAll("Trust"));
    }

    @Test
    void absoluteIncludeAndSeveralPathsOnOneLine() throws Exception {
        Path one = write("one.conf", "Trust one");
        write("two.conf", "Trust two");
        Path main = write("sub/dspam.conf", "Include " + one + " ../two.conf");
        assertEquals(List.of("one", "two"), DspamConfig.load(main).getAll("Trust"));
    }

    @Test
    void parsedTextResolvesIncludesAgainstItsSourceName() throws Exception {
        write("site.conf", "Trust site");
        DspamConfig config = DspamConfig.parse("Include site.conf\n", dir.resolve("virtual.conf").toString());
        assertEquals(List.of("site"), config.getAll("Trust"));
    }

    @Test
    void includeIsCaseSensitiveAsInDspam() throws Exception {
        write("other.conf", "Trust other");
        Path main = write("dspam.conf", "include other.conf", "INCLUDE other.conf");
        DspamConfig config = DspamConfig.load(main);
        assertFalse(config.contains("Trust"));
        assertEquals(List.of("other.conf", "other.conf"), config.getAll("Include"));
    }

    @Test
    void includeLinesAreNotKeptAsValues() throws Exception {
        write("other.conf", "Trust other");
        DspamConfig config = DspamConfig.load(write("dspam.conf", "Include other.conf"));
        assertFalse(config.contains("Include"));
        assertTrue(config.unknownKeys().isEmpty());
    }

    @Test
    void includedValuesKeepTheirOwnFileAndLine() throws Exception {
        Path other = write("other.conf", "", "Trust other");
        DspamConfig config = DspamConfig.load(write("dspam.conf", "Include other.conf"));
        assertEquals(other + ":2", config.values("Trust").get(0).location());
        assertEquals(2, config.sources().size());
    }

    @Test
    void sameFileIncludedTwiceIsNotACycle() throws Exception {
        write("common.conf", "Trust common");
        write("x.conf", "Include common.conf");
        Path main = write("dspam.conf", "Include x.conf", "Include common.conf");
        assertEquals(List.of("common", "common"), DspamConfig.load(main).getAll("Trust"));
    }

    @Test
    void includeCycleIsReportedWithTheFilesInvolved() throws Exception {
        Path a = fixture("cycle/a.conf");
        ConfigException e = assertThrows(ConfigException.class, () -> DspamConfig.load(a));
        Path b = fixture("cycle/b.conf");
        assertEquals(b + ":2: Include: include cycle: "
                + a.toRealPath() + " -> " + b.toRealPath() + " -> " + a.toRealPath(), e.getMessage());
    }

    @Test
    void fileIncludingItselfIsACycle() throws Exception {
        Path self = write("self.conf", "Include self.conf");
        ConfigException e = assertThrows(ConfigException.class, () -> DspamConfig.load(self));
        assertTrue(e.getMessage().startsWith(self + ":1: Include: include cycle: "), e.getMessage());
    }

    @Test
    void missingIncludeNamesTheIncludingLineAndThePath() throws Exception {
        Path main = write("dspam.conf", "Trust root", "Include missing.conf");
        ConfigException e = assertThrows(ConfigException.class, () -> DspamConfig.load(main));
        assertEquals(main + ":2: Include: cannot read " + dir.resolve("missing.conf")
                + ": no such file or directory", e.getMessage());
    }

    @Test
    void missingFileIsAConfigExceptionNamingThePath() {
        Path missing = dir.resolve("nope/dspam.conf");
        ConfigException e = assertThrows(ConfigException.class, () -> DspamConfig.load(missing));
        assertEquals("cannot read " + missing + ": no such file or directory", e.getMessage());
    }

    @Test
    void directoryGivenAsTheConfigurationFileIsRejected() {
        ConfigException e = assertThrows(ConfigException.class, () -> DspamConfig.load(dir));
        assertTrue(e.getMessage().startsWith("cannot read " + dir + ": "), e.getMessage());
    }
}
