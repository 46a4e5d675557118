package org.vigil.gateway.cli;

import picocli.CommandLine.Command;

@Command(name = "vigil-gateway", mixinStandardHelpOptions = true, version = "Vigil 0.1.0",
        description = "Vital-signs gateway for in-clinic treatment sessions.",
        subcommands = {RunCommand.class, DemoCommand.class, CheckConfigCommand.class, PortsCommand.class,
                DecodeCommand.class, HashPasswordCommand.class, RequeueParkedCommand.class})
public final class VigilCommand {
}
