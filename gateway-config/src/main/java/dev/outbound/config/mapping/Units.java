package dev.outbound.config.mapping;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;

/**
 * The units the {@code unit} transform knows, each with its dimension and its factor to that dimension's base unit
 * (exact definitions: an inch is 0.0254 m, a pound 453.59237 g, a US gallon 3.785411784 l). Temperatures are
 * affine and handled on their own.
 */
final class Units {

    record Unit(String dimension, BigDecimal factor) {
    }

    private static final MathContext MC = MathContext.DECIMAL128;
    private static final BigDecimal KELVIN_OFFSET = new BigDecimal("273.15");
    private static final BigDecimal NINE_FIFTHS = new BigDecimal("1.8");
    private static final BigDecimal THIRTY_TWO = new BigDecimal("32");

    private static final Map<String, Unit> UNITS = Map.ofEntries(
            Map.entry("mm", new Unit("length", new BigDecimal("0.001"))),
            Map.entry("cm", new Unit("length", new BigDecimal("0.01"))),
            Map.entry("m", new Unit("length", BigDecimal.ONE)),
            Map.entry("km", new Unit("length", new BigDecimal("1000"))),
            Map.entry("in", new Unit("length", new BigDecimal("0.0254"))),
            Map.entry("ft", new Unit("length", new BigDecimal("0.3048"))),
            Map.entry("yd", new Unit("length", new BigDecimal("0.9144"))),
            Map.entry("mi", new Unit("length", new BigDecimal("1609.344"))),
            Map.entry("mg", new Unit("mass", new BigDecimal("0.001"))),
            Map.entry("g", new Unit("mass", BigDecimal.ONE)),
            Map.entry("kg", new Unit("mass", new BigDecimal("1000"))),
            Map.entry("t", new Unit("mass", new BigDecimal("1000000"))),
            Map.entry("oz", new Unit("mass", new BigDecimal("28.349523125"))),
            Map.entry("lb", new Unit("mass", new BigDecimal("453.59237"))),
            Map.entry("ml", new Unit("volume", new BigDecimal("0.001"))),
            Map.entry("l", new Unit("volume", BigDecimal.ONE)),
            Map.entry("m3", new Unit("volume", new BigDecimal("1000"))),
            Map.entry("floz", new Unit("volume", new BigDecimal("0.0295735295625"))),
            Map.entry("gal", new Unit("volume", new BigDecimal("3.785411784"))),
            Map.entry("s", new Unit("time", BigDecimal.ONE)),
            Map.entry("min", new Unit("time", new BigDecimal("60"))),
            Map.entry("h", new Unit("time", new BigDecimal("3600"))),
            Map.entry("d", new Unit("time", new BigDecimal("86400"))),
            Map.entry("C", new Unit("temperature", BigDecimal.ONE)),
            Map.entry("F", new Unit("temperature", BigDecimal.ONE)),
            Map.entry("K", new Unit("temperature", BigDecimal.ONE)));

    private Units() {
    }

    static Unit require(String symbol) {
        Unit unit = UNITS.get(symbol);
        if (unit == null) {
            throw new IllegalArgumentException("unknown unit '" + symbol + "': expected one of "
                    + new java.util.TreeSet<>(UNITS.keySet()));
        }
        return unit;
    }

    static BigDecimal convert(BigDecimal value, String from, String to) {
        Unit a = UNITS.get(from);
        Unit b = UNITS.get(to);
        if (a.dimension().equals("temperature")) {
            return fromKelvin(toKelvin(value, from), to);
        }
        return value.multiply(a.factor()).divide(b.factor(), MC);
    }

    private static BigDecimal toKelvin(BigDecimal v, String unit) {
        return switch (unit) {
            case "C" -> v.add(KELVIN_OFFSET);
            case "F" -> v.subtract(THIRTY_TWO).divide(NINE_FIFTHS, MC).add(KELVIN_OFFSET);
            default -> v;
        };
    }

    private static BigDecimal fromKelvin(BigDecimal k, String unit) {
        return switch (unit) {
            case "C" -> k.subtract(KELVIN_OFFSET);
            case "F" -> k.subtract(KELVIN_OFFSET).multiply(NINE_FIFTHS).add(THIRTY_TWO);
            default -> k;
        };
    }
}
