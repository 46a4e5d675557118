package org.vigil.simulators.transport;

import java.time.Duration;
import java.util.Random;
import org.vigil.simulators.FrameOutput;

/**
 * A fault on the line between a device and the host (a pulled cable, electrical noise). It sits
 * between the device simulator and the transport, and faults compose by wrapping one another.
 */
public interface LineFault extends FrameOutput {

    /**
     * Wall time since the scenario started; called before every tick so that a fault changes the
     * line even while the device writes nothing.
     */
    void elapsed(Duration sinceStart);

    /** Leaves the line as it was before the fault: e.g. plugs a pulled cable back in. */
    default void clear() {
    }

    /** A healthy line: bytes pass unchanged. */
    static LineFault none(FrameOutput downstream) {
        return new LineFault() {
            @Override
            public void elapsed(Duration sinceStart) {
            }

            @Override
            public void write(byte[] bytes) {
                downstream.write(bytes);
            }

            @Override
            public void write(String subTopic, byte[] bytes) {
                downstream.write(subTopic, bytes);
            }
        };
    }

    /** How a scenario puts its fault on a line; {@code downstream} is the next stage toward the transport. */
    @FunctionalInterface
    interface Factory {
        LineFault wrap(FrameOutput downstream, Transport transport, Random random);

        Factory NONE = (downstream, transport, random) -> none(downstream);

        /** This fault nearer the device, {@code inner} nearer the transport. */
        default Factory around(Factory inner) {
            Factory outer = this;
            return (downstream, transport, random) -> {
                LineFault innerFault = inner.wrap(downstream, transport, random);
                LineFault outerFault = outer.wrap(innerFault, transport, random);
                return new LineFault() {
                    @Override
                    public void elapsed(Duration sinceStart) {
                        innerFault.elapsed(sinceStart);
                        outerFault.elapsed(sinceStart);
                    }

                    @Override
                    public void write(byte[] bytes) {
                        outerFault.write(bytes);
                    }

                    @Override
                    public void write(String subTopic, byte[] bytes) {
                        outerFault.write(subTopic, bytes);
                    }

                    @Override
                    public void clear() {
                        outerFault.clear();
                        innerFault.clear();
                    }
                };
            };
        }
    }
}
