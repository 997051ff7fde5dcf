package io.longitude.cohort.aces;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The MEDS data of ACES's end-to-end test (justin13601/ACES tests/test_meds.py, MEDS_SHARDS), subject by subject. */
final class AcesMedsFixture {

    private static final String ROWS = """
            2,,SNP//rs234567,
            2,,SNP//rs345678,
            2,,GENDER//FEMALE,
            2,3/8/1996 2:22,ED_VISIT,
            2,3/8/1996 2:24,ADMISSION//SURGICAL,
            2,3/8/1996 2:24,TEMP//F,98.6
            2,3/8/1996 2:24,AOx3,
            2,3/8/1996 2:35,LAB//HR,110
            2,3/8/1996 2:35,LAB//HR,102
            2,3/8/1996 4:00,diagnosis//unk,
            2,3/8/1996 10:00,LAB//RBC,3.2
            2,3/8/1996 16:00,DISCHARGE//HOME,
            2,6/5/1996 0:32,ADMISSION//ED,
            2,6/5/1996 0:48,LAB//HR,9999
            2,6/5/1996 1:59,LAB//HR,102
            2,6/7/1996 6:00,LAB//HR,89
            2,6/7/1996 9:00,LAB//RR,25
            2,6/7/1996 12:00,VENTILATION_START,
            2,6/7/1996 12:00,LAB//SpO2,79.1
            2,6/7/1996 15:00,LAB//RR,40
            2,6/7/1996 15:00,LAB//HR,60
            2,6/8/1996 3:00,DEATH,
            4,,GENDER//MALE,
            4,,SNP//rs123456,
            4,12/1/1989 12:03,ADMISSION//CARDIAC,
            4,12/1/1989 12:03,diagnosis//ICD10CM//K79.8,
            4,12/1/1989 13:14,LAB//SPO2,98.6
            4,12/1/1989 15:17,LAB//SPO2,99.6
            4,12/1/1989 16:17,LAB//SPO2,98.9
            4,12/1/1989 20:17,LAB//SPO2,99.2
            4,12/2/1989 3:00,LAB//SPO2,99.1
            4,12/2/1989 9:00,LAB//HR,60
            4,12/2/1989 10:00,diagnosis//ICD9CM//403.2,
            4,12/2/1989 10:00,LAB//BUN,
            4,12/2/1989 14:22,CXR,
            4,12/2/1989 14:22,LAB//RR,40.2
            4,12/2/1989 15:00,DISCHARGE//HOME,
            4,1/21/1991 11:59,CLINIC_VISIT,
            4,1/27/1991 23:32,ADMISSION//ORTHO,
            4,1/27/1991 23:46,LAB//HR,60
            4,1/28/1991 3:18,LAB//HR,60
            4,1/28/1991 3:18,LAB//HR,62
            4,1/28/1991 3:28,LAB//HR,68
            4,1/28/1991 4:36,LAB//HR,70
            4,1/28/1991 4:36,LAB//SpO2,99.2
            4,1/29/1991 23:32,LAB//HR,60
            4,1/30/1991 5:00,diagnosis//ICD9CM//403.2,
            4,1/30/1991 8:00,LAB//HR,62
            4,1/30/1991 11:00,LAB//HR,59
            4,1/30/1991 14:00,LAB//HR,60
            4,1/30/1991 14:15,LAB//HR,60
            4,1/31/1991 1:00,LAB//HR,60
            4,1/31/1991 2:15,DISCHARGE//SNF,
            4,2/8/1991 8:15,OUTPATIENT_VISIT,
            4,3/3/1991 19:33,ADMISSION//ED,
            4,3/3/1991 20:33,LAB//HR,42
            4,3/3/1991 21:38,DEATH,
            6,,GENDER//MALE,
            6,,SNP//rs234567,
            6,,SNP//rs345678,
            6,3/8/1996 2:22,ED_VISIT,
            6,3/8/1996 2:24,ADMISSION//MEDICAL,
            6,3/8/1996 2:37,LAB//HR,60
            6,3/9/1996 8:00,LAB//HR,60
            6,3/9/1996 11:00,LAB//SpO2,99.2
            6,3/9/1996 19:00,LAB//RR,43
            6,3/9/1996 22:00,LAB//RR,40
            6,3/11/1996 21:00,LAB//HR,60
            6,3/12/1996 0:00,DEATH,
            3,,GENDER//FEMALE,
            3,,SNP//rs234567,
            3,,SNP//rs345678,
            3,3/8/1996 2:22,ED_VISIT,
            3,3/8/1996 2:24,ADMISSION//MEDICAL,
            3,3/8/1996 2:37,LAB//HR,60
            3,3/9/1996 8:00,LAB//HR,60
            3,3/9/1996 11:00,LAB//SpO2,99.2
            3,3/9/1996 19:00,LAB//RR,43
            3,3/9/1996 22:00,LAB//RR,40
            3,3/11/1996 21:00,LAB//HR,60
            3,3/12/1996 0:00,DEATH,
            1,,GENDER//MALE,
            1,,SNP//rs123456,
            1,12/1/1989 12:03,ADMISSION//CARDIAC,
            1,12/1/1989 12:03,diagnosis//ICD10CM//K79.8,
            1,12/1/1989 13:14,LAB//SPO2,98.6
            1,12/1/1989 15:17,LAB//SPO2,99.6
            1,12/1/1989 16:17,LAB//SPO2,98.9
            1,12/1/1989 20:17,LAB//SPO2,99.2
            1,12/2/1989 3:00,LAB//SPO2,99.1
            1,12/2/1989 9:00,LAB//HR,60
            1,12/2/1989 10:00,diagnosis//ICD9CM//403.2,
            1,12/2/1989 10:00,LAB//BUN,
            1,12/2/1989 14:22,CXR,
            1,12/2/1989 14:22,LAB//RR,40.2
            1,12/2/1989 15:00,DISCHARGE//HOME,
            1,1/21/1991 11:59,CLINIC_VISIT,
            1,1/27/1991 23:32,ADMISSION//ORTHO,
            1,1/27/1991 23:46,LAB//HR,60
            1,1/28/1991 3:18,LAB//HR,60
            1,1/28/1991 3:18,LAB//HR,62
            1,1/28/1991 3:28,LAB//HR,68
            1,1/28/1991 4:36,LAB//HR,70
            1,1/28/1991 4:36,LAB//SpO2,99.2
            1,1/29/1991 23:32,LAB//HR,60
            1,1/30/1991 5:00,diagnosis//ICD9CM//403.2,
            1,1/30/1991 8:00,LAB//HR,62
            1,1/30/1991 11:00,LAB//HR,59
            1,1/30/1991 14:00,LAB//HR,60
            1,1/30/1991 14:15,LAB//HR,60
            1,1/31/1991 1:00,LAB//HR,60
            1,1/31/1991 2:15,DISCHARGE//SNF,
            1,2/8/1991 8:15,OUTPATIENT_VISIT,
            1,3/3/1991 19:33,ADMISSION//ED,
            1,3/3/1991 20:33,LAB//HR,42
            1,3/3/1991 21:38,DEATH,
            """;

    static final Map<String, List<TimelineEvent>> SUBJECTS = parse();

    private AcesMedsFixture() {
    }

    private static Map<String, List<TimelineEvent>> parse() {
        DateTimeFormatter format = DateTimeFormatter.ofPattern("M/d/yyyy H:mm");
        Map<String, List<TimelineEvent>> subjects = new LinkedHashMap<>();
        for (String row : ROWS.strip().split("\n")) {
            String[] f = row.split(",", -1);
            LocalDateTime time = f[1].isEmpty() ? null : LocalDateTime.parse(f[1], format);
            Double value = f[3].isEmpty() ? null : Double.valueOf(f[3]);
            subjects.computeIfAbsent(f[0], s -> new ArrayList<>()).add(new TimelineEvent(time, f[2], value));
        }
        return subjects;
    }
}
