"""Checks a Longitude MEDS export with readers Longitude did not write (pyarrow, DuckDB, scikit-learn).

The schema checks are written from MEDS 0.4's src/meds/schema.py and README (the `meds` package itself is not
installable here): DataSchema, LabelSchema, SubjectSplitSchema, CodeMetadataSchema, DatasetMetadataSchema, and
meds-evaluation's PredictionSchema (the label schema plus predicted_boolean_value / predicted_boolean_probability).
The content is checked against the warehouse's flat tables (patients, encounters, events — not the
visit_sequences the export reads): every MEDS row is rebuilt here in SQL from README's description of the codes
and compared as a multiset. AUROC, AUPRC and Brier are recomputed with scikit-learn from the exported
predictions and compared with evaluate's metrics.json.

codes.parquet's descriptions are checked against the FHIR input itself: every code whose coding carries a display
somewhere in the resources Longitude reads (counted here from the JSON) must have a description.

Usage: python meds_checks.py EXPECTATIONS.json..., where each file names an export, the FHIR input and the warehouse
tables:
{"export": DIR, "fhir_input": DIR, "tables": {"patients": DIR, "encounters": DIR, "events": DIR},
 "tasks": {TASK: {"samples": DIR, "metrics": {NETWORK: FILE}}}}
Prints "== EXPECTATIONS.json", then one line per check of that export; exits 1 when any check of any export fails.
"""

import datetime
import glob
import gzip
import json
import os
import sys

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import sklearn
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

SPLITS = ("train", "tuning", "held_out")
# README "MEDS": the code systems named by a prefix; any other system is OTHER//<system>|<code>.
VOCABULARIES = {
    "http://snomed.info/sct": "SNOMED",
    "http://loinc.org": "LOINC",
    "http://www.nlm.nih.gov/research/umls/rxnorm": "RxNorm",
    "http://hl7.org/fhir/sid/icd-10-cm": "ICD10CM",
    "http://hl7.org/fhir/sid/icd-10": "ICD10",
    "http://hl7.org/fhir/sid/icd-9-cm": "ICD9CM",
    "http://www.cms.gov/Medicare/Coding/ICD10": "ICD10PCS",
    "http://www.ama-assn.org/go/cpt": "CPT4",
    "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets": "HCPCS",
    "http://hl7.org/fhir/sid/cvx": "CVX",
    "http://hl7.org/fhir/sid/ndc": "NDC",
    "http://unitsofmeasure.org": "UCUM",
    "http://www.nubc.org/patient-discharge": "NUBC",
    "http://terminology.hl7.org/CodeSystem/discharge-disposition": "HL7_DISCHARGE_DISPOSITION",
}
# The resource types whose codings become MEDS codes (fhir-ingest's ResourceExtractor), and Medication, whose code
# a medication event may take.
FHIR_CODED_TYPES = {"Encounter", "Condition", "Procedure", "MedicationRequest", "MedicationAdministration",
                    "Observation", "Immunization", "AllergyIntolerance", "DiagnosticReport", "Medication"}
# Codes Longitude describes itself.
LONGITUDE_CODES = r"^(MEDS_BIRTH|MEDS_DEATH|GENDER//.+|ENCOUNTER//[^/]+//(START|END))$"
DATASET_STRING_FIELDS = ("dataset_name", "dataset_version", "etl_name", "etl_version", "meds_version", "created_at",
                         "license", "location_uri", "description_uri")
DATASET_LIST_FIELDS = ("raw_source_id_columns", "code_modifier_columns", "additional_value_modality_columns",
                       "site_id_columns", "other_extension_columns")
LABEL_COLUMNS = {"subject_id": pa.int64(), "prediction_time": pa.timestamp("us"), "boolean_value": pa.bool_(),
                 "integer_value": pa.int64(), "float_value": pa.float32(), "categorical_value": pa.string()}
PREDICTION_COLUMNS = dict(LABEL_COLUMNS, predicted_boolean_value=pa.bool_(),
                          predicted_boolean_probability=pa.float32())
# Parquet stores string and large_string alike; flexible_schema casts one to the other.
STRINGS = (pa.string(), pa.large_string())


class Checks:
    def __init__(self):
        self.failures = 0

    def check(self, ok, what, detail=""):
        print(("ok    " if ok else "FAIL  ") + what + (f": {detail}" if detail else ""))
        if not ok:
            self.failures += 1
        return ok


def type_ok(actual, wanted):
    if wanted in STRINGS:
        return actual in STRINGS
    return actual == wanted


def schema_problems(path, wanted, required, non_null, closed):
    """A PyArrowSchema validation as flexible_schema does it: mandatory columns, types, no nulls, extras."""
    arrow = pq.ParquetFile(path).schema_arrow
    names = set(arrow.names)
    problems = [f"lacks {column}" for column in sorted(required - names)]
    if closed:
        problems += [f"has {column}, outside the closed schema" for column in sorted(names - set(wanted))]
    for column, dtype in wanted.items():
        if column in names and not type_ok(arrow.field(column).type, dtype):
            problems.append(f"{column} is {arrow.field(column).type}, not {dtype}")
    table = pq.read_table(path, columns=[n for n in non_null if n in names])
    problems += [f"{column} has {table[column].null_count} nulls" for column in table.column_names
                 if table[column].null_count]
    return problems


def timestamp_problems(path, column):
    """MEDS times carry no zone: Parquet INT64 TIMESTAMP(isAdjustedToUTC=false, MICROS), not INT96 or UTC."""
    schema = pq.ParquetFile(path).schema
    index = schema.names.index(column)
    physical = schema.column(index).physical_type
    logical = json.loads(schema.column(index).logical_type.to_json())
    if (physical == "INT64" and logical.get("Type") == "Timestamp" and logical.get("isAdjustedToUTC") is False
            and logical.get("timeUnit") == "microseconds"):
        return []
    return [f"{column} is Parquet {physical} {logical}"]


def check_files(c, what, files, problems_of):
    """One check over many files: each file's problems, named by its path in the export."""
    problems = [f"{os.path.relpath(f, EXPORT)} {p}" for f in files for p in problems_of(f)]
    c.check(bool(files) and not problems, f"{what} ({len(files)} files)", "; ".join(problems[:5]))


def parquet_files(pattern):
    return sorted(glob.glob(os.path.join(EXPORT, pattern), recursive=True))


def sql_list(paths):
    return "[" + ", ".join("'" + p.replace("'", "''") + "'" for p in paths) + "]"


def table_glob(directory):
    return "'" + os.path.join(directory, "*.parquet").replace("'", "''") + "'"


def define_macros(db):
    cases = " ".join(f"WHEN '{system}' THEN '{prefix}//' || code" for system, prefix in VOCABULARIES.items())
    db.execute(f"CREATE MACRO meds_coding(system, code) AS CASE system {cases} "
               "ELSE 'OTHER//' || coalesce(system, '') || '|' || code END")
    db.execute("CREATE MACRO meds_token(token) AS "
               "meds_coding(nullif(split_part(token, '|', 1), ''), substr(token, strpos(token, '|') + 1))")
    db.execute("CREATE MACRO subject_of(key) AS "
               "('0x' || substr(sha256('meds-subject|' || key), 1, 16))::UBIGINT >> 1")


def expected_rows_sql(tables):
    """Every MEDS row the export should hold, from the flat tables and README's code list."""
    patients, encounters, events = (table_glob(tables[t]) for t in ("patients", "encounters", "events"))
    return f"""
    WITH p AS (SELECT *, subject_of(patientKey)::BIGINT AS sid FROM read_parquet({patients})),
         e AS (SELECT *, subject_of(patientKey)::BIGINT AS sid FROM read_parquet({encounters})),
         v AS (SELECT *, subject_of(patientKey)::BIGINT AS sid FROM read_parquet({events}))
    SELECT sid AS subject_id, NULL::TIMESTAMP AS time, 'GENDER//' || gender AS code, NULL::FLOAT AS numeric_value,
           NULL::VARCHAR AS text_value, NULL::VARCHAR AS unit, NULL::INTEGER AS visit_index, NULL::VARCHAR AS event_kind
           FROM p WHERE gender IS NOT NULL
    UNION ALL SELECT sid, birthDate::TIMESTAMP, 'MEDS_BIRTH', NULL, NULL, NULL, NULL, NULL FROM p WHERE birthDate IS NOT NULL
    UNION ALL SELECT sid, deathTime::TIMESTAMP, 'MEDS_DEATH', NULL, NULL, NULL, NULL, NULL FROM p
        WHERE coalesce(deceased, false) OR deathTime IS NOT NULL
    UNION ALL SELECT sid, "start"::TIMESTAMP, 'ENCOUNTER//' || coalesce(classCode, 'UNKNOWN') || '//START',
        NULL, NULL, NULL, visitIndex, NULL FROM e
    UNION ALL SELECT sid, "end"::TIMESTAMP, 'ENCOUNTER//' || coalesce(classCode, 'UNKNOWN') || '//END',
        NULL, NULL, NULL, visitIndex, NULL FROM e WHERE "end" IS NOT NULL
    UNION ALL SELECT sid, coalesce("end", "start")::TIMESTAMP, 'DISCHARGE_DISPOSITION//' || meds_token(dischargeDisposition),
        NULL, NULL, NULL, visitIndex, NULL FROM e WHERE dischargeDisposition IS NOT NULL
    UNION ALL SELECT sid, "start"::TIMESTAMP, 'ENCOUNTER_TYPE//' || meds_token(t), NULL, NULL, NULL, visitIndex, NULL
        FROM (SELECT sid, "start", visitIndex, unnest(typeCodes) AS t FROM e)
    UNION ALL SELECT sid, "start"::TIMESTAMP, 'ENCOUNTER_REASON//' || meds_token(r), NULL, NULL, NULL, visitIndex, NULL
        FROM (SELECT sid, "start", visitIndex, unnest(reasonCodes) AS r FROM e)
    UNION ALL SELECT v.sid, v."time"::TIMESTAMP,
        CASE WHEN code IS NULL THEN upper(coalesce(kind, 'event')) || '//UNCODED' ELSE meds_coding(codeSystem, code) END,
        value::FLOAT, CASE WHEN valueCode IS NOT NULL THEN meds_token(valueCode) END, unit, e.visitIndex, v.kind
        FROM v LEFT JOIN e ON v.patientKey = e.patientKey AND v.encounterKey = e.encounterKey
    """


def family(code_column):
    return (f"CASE WHEN {code_column} LIKE 'ENCOUNTER//%' THEN 'ENCOUNTER//' || regexp_extract({code_column}, '([^/]+)$', 1) "
            f"ELSE split_part({code_column}, '//', 1) END")


def compare_multisets(c, db, what, expected_sql, actual_sql):
    missing = db.sql(f"SELECT * FROM ({expected_sql}) EXCEPT ALL SELECT * FROM ({actual_sql})").fetchall()
    extra = db.sql(f"SELECT * FROM ({actual_sql}) EXCEPT ALL SELECT * FROM ({expected_sql})").fetchall()
    c.check(not missing and not extra, what,
            f"{len(missing)} expected rows missing (e.g. {missing[:3]}), {len(extra)} unexpected (e.g. {extra[:3]})")


def check_data(c, db, tables):
    files = parquet_files("data/**/*.parquet")
    folders = {os.path.basename(os.path.dirname(f)) for f in files}
    c.check(bool(files) and folders <= set(SPLITS), "data/<split>/*.parquet with train/tuning/held_out folders",
            f"{len(files)} files in {sorted(folders)}")
    data_columns = {"subject_id": pa.int64(), "time": pa.timestamp("us"), "code": pa.string(),
                    "numeric_value": pa.float32(), "text_value": pa.large_string(), "unit": pa.string(),
                    "visit_index": pa.int32(), "event_kind": pa.string()}
    check_files(c, "data files follow DataSchema", files,
                lambda f: schema_problems(f, data_columns, {"subject_id", "time", "code"}, ["subject_id", "code"], False))
    check_files(c, "data: time is Parquet INT64 TIMESTAMP(MICROS) not adjusted to UTC", files,
                lambda f: timestamp_problems(f, "time"))
    db.execute(f"CREATE VIEW data AS SELECT * FROM read_parquet({sql_list(files)}, filename = true, "
               "file_row_number = true, union_by_name = true)")
    types = dict(db.sql("SELECT column_name, column_type FROM (DESCRIBE data)").fetchall())
    c.check(types.get("time") == "TIMESTAMP" and types.get("subject_id") == "BIGINT"
            and types.get("numeric_value") == "FLOAT",
            "DuckDB reads time as TIMESTAMP (no zone), subject_id as BIGINT, numeric_value as FLOAT", str(types))
    arrow_rows = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
    duck_rows = db.sql("SELECT count(*) FROM data").fetchone()[0]
    c.check(arrow_rows == duck_rows, "pyarrow and DuckDB read the same rows", f"{arrow_rows} vs {duck_rows}")

    split_files = db.sql("SELECT count(*) FROM (SELECT subject_id FROM data GROUP BY subject_id "
                         "HAVING count(DISTINCT filename) > 1)").fetchone()[0]
    c.check(split_files == 0, "every subject's rows are in one file", f"{split_files} subjects in several files")
    db.execute("CREATE VIEW ordered AS SELECT filename, file_row_number, subject_id, time, "
               "lag(subject_id) OVER w AS prev_subject, lag(time) OVER w AS prev_time FROM data "
               "WINDOW w AS (PARTITION BY filename ORDER BY file_row_number)")
    runs = db.sql("SELECT count(*) FROM (SELECT filename, subject_id FROM ordered "
                  "WHERE prev_subject IS DISTINCT FROM subject_id GROUP BY ALL HAVING count(*) > 1)").fetchone()[0]
    c.check(runs == 0, "every subject's rows are contiguous in its file", f"{runs} subjects interleaved")
    unsorted = db.sql("SELECT count(*) FROM ordered WHERE subject_id = prev_subject AND "
                      "((time IS NULL AND prev_time IS NOT NULL) OR time < prev_time)").fetchone()[0]
    c.check(unsorted == 0, "rows sorted by time within each subject, static rows (null time) first",
            f"{unsorted} rows out of order")

    exported = "SELECT subject_id, time, code, numeric_value, text_value, unit, visit_index, event_kind FROM data"
    compare_multisets(c, db, "the data equal the warehouse's patients, encounters and events, code by code",
                      expected_rows_sql(tables), exported)
    by_family = dict(db.sql(f"SELECT {family('code')}, count(*) FROM data GROUP BY ALL").fetchall())
    expected_by_family = dict(db.sql(f"SELECT {family('code')}, count(*) FROM ({expected_rows_sql(tables)}) "
                                     "GROUP BY ALL").fetchall())
    for name in sorted(set(by_family) | set(expected_by_family)):
        c.check(by_family.get(name) == expected_by_family.get(name), f"rows of family {name}",
                f"export {by_family.get(name)}, warehouse {expected_by_family.get(name)}")
    patients = table_glob(tables["patients"])
    subjects, births, deaths = db.sql(
        f"SELECT count(*), count(birthDate), count(*) FILTER (WHERE coalesce(deceased, false) OR deathTime IS NOT NULL) "
        f"FROM read_parquet({patients})").fetchone()
    exported_subjects = db.sql("SELECT count(DISTINCT subject_id) FROM data").fetchone()[0]
    c.check(exported_subjects == subjects, "subjects in the data = patients in the warehouse",
            f"{exported_subjects} vs {subjects}")
    c.check(by_family.get("MEDS_BIRTH") == births and by_family.get("MEDS_DEATH", 0) == deaths,
            "MEDS_BIRTH and MEDS_DEATH rows = the warehouse's births and deaths",
            f"births {by_family.get('MEDS_BIRTH')} vs {births}, deaths {by_family.get('MEDS_DEATH', 0)} vs {deaths}")
    print(f"info  {exported_subjects} subjects, {duck_rows} rows, {births} births, {deaths} deaths; "
          f"rows per family {dict(sorted(by_family.items()))}")


def check_metadata(c, db):
    splits_path = os.path.join(EXPORT, "metadata", "subject_splits.parquet")
    codes_path = os.path.join(EXPORT, "metadata", "codes.parquet")
    for path in (splits_path, codes_path):
        c.check(os.path.isfile(path), f"{os.path.relpath(path, EXPORT)} is one Parquet file")
    check_files(c, "subject_splits.parquet follows SubjectSplitSchema", [splits_path], lambda f: schema_problems(
        f, {"subject_id": pa.int64(), "split": pa.string()}, {"subject_id", "split"}, ["subject_id", "split"], True))
    check_files(c, "codes.parquet follows CodeMetadataSchema", [codes_path], lambda f: schema_problems(
        f, {"code": pa.string(), "description": pa.string(), "parent_codes": pa.list_(pa.string())}, {"code"},
        ["code"], False))
    db.execute(f"CREATE VIEW splits AS SELECT * FROM read_parquet('{splits_path}')")
    db.execute(f"CREATE VIEW codes AS SELECT * FROM read_parquet('{codes_path}')")
    duplicates = db.sql("SELECT count(*) - count(DISTINCT subject_id) FROM splits").fetchone()[0]
    c.check(duplicates == 0, "subject_splits names each subject once", f"{duplicates} repeated")
    names = {r[0] for r in db.sql("SELECT DISTINCT split FROM splits").fetchall()}
    c.check(names <= set(SPLITS), "splits are train, tuning, held_out", str(sorted(names)))
    wrong_folder = db.sql("SELECT count(*) FROM data JOIN splits USING (subject_id) "
                          "WHERE regexp_extract(filename, '([^/]+)/[^/]+$', 1) <> split").fetchone()[0]
    unsplit = db.sql("SELECT count(*) FROM (SELECT DISTINCT subject_id FROM data) ANTI JOIN splits USING (subject_id)"
                     ).fetchone()[0]
    c.check(wrong_folder == 0 and unsplit == 0, "each subject's rows lie in its split's folder",
            f"{wrong_folder} rows elsewhere, {unsplit} subjects without a split")
    missing = db.sql("SELECT count(*) FROM (SELECT DISTINCT code FROM data) ANTI JOIN codes USING (code)").fetchone()[0]
    unused = db.sql("SELECT count(*) FROM codes ANTI JOIN (SELECT DISTINCT code FROM data) USING (code)").fetchone()[0]
    repeated = db.sql("SELECT count(*) - count(DISTINCT code) FROM codes").fetchone()[0]
    c.check(missing == 0 and repeated == 0, "codes.parquet lists every code of the data, once",
            f"{missing} codes missing, {repeated} listed twice")
    c.check(unused == 0, "codes.parquet lists only codes of the data", f"{unused} unused")
    linked = db.sql("SELECT count(*) FROM codes WHERE parent_codes IS NOT NULL").fetchone()[0]
    print(f"info  {db.sql('SELECT count(*) FROM codes').fetchone()[0]} codes, {linked} with an OMOP parent code")

    with open(os.path.join(EXPORT, "metadata", "dataset.json"), encoding="utf-8") as f:
        dataset = json.load(f)
    c.check(isinstance(dataset, dict) and set(dataset) <= set(DATASET_STRING_FIELDS + DATASET_LIST_FIELDS),
            "dataset.json has only DatasetMetadataSchema fields", str(sorted(dataset)))
    c.check(all(isinstance(dataset[k], str) for k in DATASET_STRING_FIELDS if k in dataset)
            and all(isinstance(dataset[k], list) and all(isinstance(x, str) for x in dataset[k])
                    for k in DATASET_LIST_FIELDS if k in dataset), "dataset.json field types")
    created = datetime.datetime.fromisoformat(dataset["created_at"])
    c.check(created.tzinfo is not None, "created_at is an RFC 3339 date-time", dataset["created_at"])
    c.check(dataset.get("etl_name") == "Longitude" and dataset.get("meds_version", "").startswith("0.4")
            and dataset.get("dataset_name"), "dataset.json names the dataset, the ETL and MEDS 0.4", json.dumps(dataset))
    data_types = dict(db.sql("SELECT column_name, column_type FROM (DESCRIBE data)").fetchall())
    modifiers = dataset.get("code_modifier_columns", [])
    c.check(all(data_types.get(m) == "VARCHAR" for m in modifiers), "code modifier columns are string data columns",
            str(modifiers))
    extensions = dataset.get("other_extension_columns", [])
    c.check(bool(extensions) and all(m in data_types for m in extensions), "extension columns are data columns",
            str(extensions))


def source_displays(folder):
    """(system, code) of every FHIR Coding with a non-blank display in the input bundles' coded resources."""
    pairs = set()

    def walk(node):
        if isinstance(node, dict):
            display = node.get("display")
            if isinstance(node.get("code"), str) and node["code"].strip() and isinstance(display, str) and display.strip():
                pairs.add((node.get("system") or None, node["code"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted(glob.glob(os.path.join(folder, "*.json*"))):
        with (gzip.open(path, "rt", encoding="utf-8") if path.endswith(".gz") else open(path, encoding="utf-8")) as f:
            bundle = json.load(f)
        for entry in bundle.get("entry", []):
            resource = entry.get("resource", {})
            if resource.get("resourceType") in FHIR_CODED_TYPES:
                walk(resource)
    return pairs


def check_descriptions(c, db, fhir_input):
    pairs = source_displays(fhir_input)
    db.execute("CREATE TABLE source_codings (system VARCHAR, code VARCHAR)")
    db.executemany("INSERT INTO source_codings VALUES (?, ?)", sorted(pairs, key=str))
    coding = "regexp_replace(code, '^(ENCOUNTER_TYPE|ENCOUNTER_REASON|DISCHARGE_DISPOSITION)//', '')"
    displayed, undescribed, example = db.sql(
        f"SELECT count(*), count(*) FILTER (WHERE description IS NULL), min(code) FILTER (WHERE description IS NULL) "
        f"FROM codes WHERE {coding} IN (SELECT meds_coding(system, code) FROM source_codings)").fetchone()
    c.check(displayed > 0 and undescribed == 0, "codes.parquet describes every code whose FHIR coding has a display",
            f"{undescribed} of {displayed} without a description (e.g. {example})")
    own, own_undescribed = db.sql(f"SELECT count(*), count(*) FILTER (WHERE description IS NULL) FROM codes "
                                  f"WHERE regexp_matches(code, '{LONGITUDE_CODES}')").fetchone()
    c.check(own > 0 and own_undescribed == 0, "codes.parquet describes MEDS_BIRTH, MEDS_DEATH, GENDER// and ENCOUNTER//",
            f"{own_undescribed} of {own} without a description")
    total, described = db.sql("SELECT count(*), count(description) FROM codes").fetchone()
    print(f"info  {len(pairs)} FHIR codings with a display in the input; {described} of {total} codes described")


def check_labels(c, db, task, samples):
    files = parquet_files(f"labels/{task}/**/*.parquet")
    check_files(c, f"labels/{task} follow LabelSchema, boolean_value set", files, lambda f: schema_problems(
        f, LABEL_COLUMNS, {"subject_id", "prediction_time", "boolean_value"},
        ["subject_id", "prediction_time", "boolean_value"], True) + timestamp_problems(f, "prediction_time"))
    view = "labels_" + task.replace("-", "_")
    db.execute(f"CREATE VIEW {view} AS SELECT * FROM read_parquet({sql_list(files)}, union_by_name = true)")
    expected = (f"SELECT subject_of(patientKey)::BIGINT, indexTime::TIMESTAMP, label = 1 "
                f"FROM read_parquet({table_glob(samples)})")
    compare_multisets(c, db, f"labels/{task} = the cohort's samples (subject, index time, label)", expected,
                      f"SELECT subject_id, prediction_time, boolean_value FROM {view}")
    unknown = db.sql(f"SELECT count(*) FROM {view} ANTI JOIN splits USING (subject_id)").fetchone()[0]
    c.check(unknown == 0, f"labels/{task}: every subject is in subject_splits", f"{unknown} unknown")
    rows, positives = db.sql(f"SELECT count(*), count(*) FILTER (WHERE boolean_value) FROM {view}").fetchone()
    print(f"info  labels/{task}: {rows} samples, {positives} positive")
    return view


def check_predictions(c, db, task, labels_view, metrics_files):
    folders = sorted(glob.glob(os.path.join(EXPORT, "predictions", task, "*", "held_out")))
    c.check(bool(folders), f"predictions/{task}/<model>/held_out exist", str(len(folders)))
    metrics = {network: json.load(open(path, encoding="utf-8")) for network, path in metrics_files.items()}
    for folder in folders:
        name = os.path.basename(os.path.dirname(folder))
        network, _, baseline = name.partition(".")
        model = baseline or network
        files = sorted(glob.glob(os.path.join(folder, "*.parquet")))
        check_files(c, f"{name}: predictions follow meds-evaluation's PredictionSchema with probabilities", files,
                    lambda f: schema_problems(f, PREDICTION_COLUMNS, {"subject_id", "prediction_time", "boolean_value",
                                                                      "predicted_boolean_probability"},
                                              ["subject_id", "prediction_time", "boolean_value",
                                               "predicted_boolean_probability"], True)
                    + timestamp_problems(f, "prediction_time"))
        table = pq.read_table(files)
        db.register("predictions", table)
        outside = db.sql("SELECT count(*) FROM predictions JOIN splits USING (subject_id) "
                         "WHERE split <> 'held_out'").fetchone()[0]
        c.check(outside == 0, f"{name}: every prediction is of a held_out subject", f"{outside} are not")
        unlabelled = db.sql(f"SELECT count(*) FROM (SELECT subject_id, prediction_time, boolean_value FROM predictions "
                            f"EXCEPT ALL SELECT subject_id, prediction_time, boolean_value FROM {labels_view})"
                            ).fetchone()[0]
        c.check(unlabelled == 0, f"{name}: every prediction is one of the task's labels", f"{unlabelled} are not")
        db.unregister("predictions")

        y = table["boolean_value"].to_numpy(zero_copy_only=False).astype(int)
        p = table["predicted_boolean_probability"].to_numpy(zero_copy_only=False).astype(np.float64)
        evaluated = [m for m in metrics[network]["models"] if m["model"] == model]
        if not c.check(len(evaluated) == 1, f"{name}: metrics.json of {network} evaluates {model}"):
            continue
        recalibration = evaluated[0]["recalibration"]
        after = recalibration[recalibration["applied"]]["after"]
        both_classes = len(set(y.tolist())) == 2
        recomputed = {"auroc": roc_auc_score(y, p) if both_classes else None,
                      "auprc": average_precision_score(y, p) if y.sum() > 0 else None,
                      "brier": brier_score_loss(y, p)}
        for metric, value in recomputed.items():
            reported = after[metric]["value"]
            same = (value is None and reported is None) or (
                value is not None and reported is not None and abs(value - reported) <= 1e-6)
            c.check(same, f"{name}: scikit-learn {metric} on {len(y)} predictions = metrics.json "
                          f"({recalibration['applied']}-calibrated)", f"{value} vs {reported}")
        print(f"info  {name}: {len(y)} test predictions, {int(y.sum())} positive, AUROC {recomputed['auroc']}, "
              f"AUPRC {recomputed['auprc']}, Brier {recomputed['brier']:.6f}")


def check_export(expectations):
    global EXPORT
    EXPORT = expectations["export"]
    c = Checks()
    db = duckdb.connect()
    db.execute("SET TimeZone = 'UTC'")
    define_macros(db)
    check_data(c, db, expectations["tables"])
    check_metadata(c, db)
    check_descriptions(c, db, expectations["fhir_input"])
    for task, paths in expectations["tasks"].items():
        labels_view = check_labels(c, db, task, paths["samples"])
        check_predictions(c, db, task, labels_view, paths["metrics"])
    print(f"{c.failures} check(s) failed" if c.failures else "all checks passed")
    return c.failures


def main():
    print(f"info  python {sys.version.split()[0]}, pyarrow {pa.__version__}, duckdb {duckdb.__version__}, "
          f"scikit-learn {sklearn.__version__}, numpy {np.__version__}")
    failed = 0
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as f:
            expectations = json.load(f)
        print(f"== {path}")
        failed += check_export(expectations) > 0
    sys.exit(1 if failed else 0)


EXPORT = None

if __name__ == "__main__":
    main()
