package org.dspam.cli;

import org.dspam.config.DspamConfig;

import picocli.CommandLine.Option;

/** {@code --profile=PROFILE}: a storage profile declared with {@code Profile} in dspam.conf. */
public final class ProfileOption {
    @Option(names = "--profile", paramLabel = "PROFILE", description = "Storage profile from dspam.conf")
    private String profile;

    /** The profile to open storage with: the one asked for (it must be declared), else {@code DefaultProfile}, else none. */
    public String resolve(DspamConfig config) {
        if (profile != null) {
            if (!config.matches("Profile", profile)) {
                throw new ToolFailure("No such profile '" + profile + "'");
            }
            return profile;
        }
        return config.get("DefaultProfile").orElse(null);
    }
}
