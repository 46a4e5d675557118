package org.vigil.alerting.profile;

/** How a value is compared with its limit; the symbol is what profiles and messages show. */
public enum Comparison {
    BELOW("<"),
    AT_OR_BELOW("<="),
    ABOVE(">"),
    AT_OR_ABOVE(">=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() { return symbol; }

    public boolean isLow() {
        return this == BELOW || this == AT_OR_BELOW;
    }

    public boolean beyond(double value, double limit) {
        return switch (this) {
            case BELOW -> value < limit;
            case AT_OR_BELOW -> value <= limit;
            case ABOVE -> value > limit;
            case AT_OR_ABOVE -> value >= limit;
        };
    }

    /** Back past the limit by the hysteresis band, so the condition may end without chattering. */
    public boolean clear(double value, double limit, double hysteresis) {
        return !beyond(value, isLow() ? limit + hysteresis : limit - hysteresis);
    }

    public static Comparison ofSymbol(String symbol) {
        for (Comparison c : values()) {
            if (c.symbol.equals(symbol)) return c;
        }
        throw new IllegalArgumentException("'" + symbol + "' is not one of <, <=, >, >=");
    }
}
