package io.longitude.cohort;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The unit table: conversions within a family, UCUM spellings, and what it leaves alone. */
class UnitConversionsTest {

    private static void assertConverted(String unit, double value, String recordedUnit, double recordedValue) {
        UnitConversions.Converted c = UnitConversions.convert(recordedUnit, recordedValue);
        assertEquals(unit, c.unit(), recordedUnit);
        assertEquals(value, c.value(), Math.abs(value) * 1e-9, recordedValue + " " + recordedUnit);
    }

    @Test
    void valuesOfAFamilyBecomeItsUnit() {
        assertConverted("mg/dL", 1.2, "mg/dL", 1.2);
        assertConverted("mg/dL", 1.2, "mg/L", 12.0);
        assertConverted("mg/dL", 1.2, "g/L", 0.012);
        assertConverted("mg/dL", 13_500.0, "g/dL", 13.5);
        assertConverted("mmol/L", 0.088, "umol/L", 88.0);
        assertConverted("kg", 70.0, "[lb_av]", 70.0 / 0.45359237);
        assertConverted("cm", 177.8, "[in_i]", 70.0);
        assertConverted("Cel", 37.0, "[degF]", 98.6);
        assertConverted("10*3/uL", 7.2, "10*9/L", 7.2);
        assertConverted("mm[Hg]", 120.0, "kPa", 120.0 / 7.500615758);
        assertConverted("mg/dL", 1.5e-6, "ng/L", 15.0);
        assertConverted("mg/dL", 1.5e-6, "pg/mL", 15.0);
    }

    @Test
    void commonSpellingsAreReadAsTheirUcumUnit() {
        assertConverted("mg/dL", 1.2, "mg/dl", 1.2);
        assertConverted("kg", 0.45359237, "lbs", 1.0);
        assertConverted("cm", 2.54, "in", 1.0);
        assertConverted("Cel", 100.0, "°F", 212.0);
        assertConverted("mm[Hg]", 120.0, "mmHg", 120.0);
        assertConverted("U/L", 40.0, "[iU]/L", 40.0);
        assertEquals("[pH]", UnitConversions.ucum("pH"));
        assertEquals("/min", UnitConversions.ucum("bpm"));
    }

    @Test
    void massAndMolarConcentrationsAndUnknownUnitsStayAsRecorded() {
        assertConverted("mmol/L", 5.5, "mmol/L", 5.5);
        assertConverted("mg/dL", 99.0, "mg/dL", 99.0);
        assertConverted("mEq/L", 140.0, "mEq/L", 140.0);
        assertConverted("{score}", 3.0, " {score} ", 3.0);
        assertConverted("", 7.0, null, 7.0);
        assertEquals("M", UnitConversions.ucum("M"), "molar is not the metre");
    }
}
