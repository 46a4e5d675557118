/** Small pieces every decoder shares: condition edges and runs of discarded bytes. */
package org.vigil.drivers.decoding;
