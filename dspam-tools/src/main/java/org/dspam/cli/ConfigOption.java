package org.dspam.cli;

import java.nio.file.Path;
import java.util.Map;

import org.dspam.config.DspamConfig;

import picocli.CommandLine.Option;

/** {@code --config FILE}, else the {@code DSPAM_CONF} environment variable, else the installed default. */
public final class ConfigOption {
    @Option(names = "--config", paramLabel = "FILE",
            description = "dspam.conf to read (default: $DSPAM_CONF, else /etc/dspam/dspam.conf)")
    private String config;

    public Path path(Map<String, String> env) {
        return DspamConfig.locate(config, env);
    }

    public DspamConfig load(Map<String, String> env) {
        return DspamConfig.load(path(env));
    }
}
