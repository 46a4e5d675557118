/** The {@code vigil-simulators} command line. */
package org.vigil.simulators.cli;
