-- Checks a loaded OMOP warehouse, then asks it a first question. Run on a
-- worker after 20_load_vocabulary.sql and 30_load_synpuf.sql:
--   psql "<connection>" -v ON_ERROR_STOP=1 -f 40_verify.sql
-- Every query only reads.

-- 1. Rows per table. With the full SynPUF sample and Athena's default
--    vocabularies expect millions of rows in concept, concept_relationship,
--    concept_ancestor and the clinical tables, and zero in the tables
--    SynPUF does not fill (visit_detail, note, note_nlp, specimen, episode ...).
SELECT 'person'                AS table_name, COUNT(*) AS row_count FROM cdm.person
UNION ALL SELECT 'observation_period'    AS table_name, COUNT(*) AS row_count FROM cdm.observation_period
UNION ALL SELECT 'visit_occurrence'      AS table_name, COUNT(*) AS row_count FROM cdm.visit_occurrence
UNION ALL SELECT 'visit_detail'          AS table_name, COUNT(*) AS row_count FROM cdm.visit_detail
UNION ALL SELECT 'condition_occurrence'  AS table_name, COUNT(*) AS row_count FROM cdm.condition_occurrence
UNION ALL SELECT 'drug_exposure'         AS table_name, COUNT(*) AS row_count FROM cdm.drug_exposure
UNION ALL SELECT 'procedure_occurrence'  AS table_name, COUNT(*) AS row_count FROM cdm.procedure_occurrence
UNION ALL SELECT 'device_exposure'       AS table_name, COUNT(*) AS row_count FROM cdm.device_exposure
UNION ALL SELECT 'measurement'           AS table_name, COUNT(*) AS row_count FROM cdm.measurement
UNION ALL SELECT 'observation'           AS table_name, COUNT(*) AS row_count FROM cdm.observation
UNION ALL SELECT 'death'                 AS table_name, COUNT(*) AS row_count FROM cdm.death
UNION ALL SELECT 'note'                  AS table_name, COUNT(*) AS row_count FROM cdm.note
UNION ALL SELECT 'note_nlp'              AS table_name, COUNT(*) AS row_count FROM cdm.note_nlp
UNION ALL SELECT 'specimen'              AS table_name, COUNT(*) AS row_count FROM cdm.specimen
UNION ALL SELECT 'fact_relationship'     AS table_name, COUNT(*) AS row_count FROM cdm.fact_relationship
UNION ALL SELECT 'location'              AS table_name, COUNT(*) AS row_count FROM cdm.location
UNION ALL SELECT 'care_site'             AS table_name, COUNT(*) AS row_count FROM cdm.care_site
UNION ALL SELECT 'provider'              AS table_name, COUNT(*) AS row_count FROM cdm.provider
UNION ALL SELECT 'payer_plan_period'     AS table_name, COUNT(*) AS row_count FROM cdm.payer_plan_period
UNION ALL SELECT 'cost'                  AS table_name, COUNT(*) AS row_count FROM cdm.cost
UNION ALL SELECT 'drug_era'              AS table_name, COUNT(*) AS row_count FROM cdm.drug_era
UNION ALL SELECT 'dose_era'              AS table_name, COUNT(*) AS row_count FROM cdm.dose_era
UNION ALL SELECT 'condition_era'         AS table_name, COUNT(*) AS row_count FROM cdm.condition_era
UNION ALL SELECT 'episode'               AS table_name, COUNT(*) AS row_count FROM cdm.episode
UNION ALL SELECT 'episode_event'         AS table_name, COUNT(*) AS row_count FROM cdm.episode_event
UNION ALL SELECT 'metadata'              AS table_name, COUNT(*) AS row_count FROM cdm.metadata
UNION ALL SELECT 'cdm_source'            AS table_name, COUNT(*) AS row_count FROM cdm.cdm_source
UNION ALL SELECT 'concept'               AS table_name, COUNT(*) AS row_count FROM cdm.concept
UNION ALL SELECT 'vocabulary'            AS table_name, COUNT(*) AS row_count FROM cdm.vocabulary
UNION ALL SELECT 'domain'                AS table_name, COUNT(*) AS row_count FROM cdm.domain
UNION ALL SELECT 'concept_class'         AS table_name, COUNT(*) AS row_count FROM cdm.concept_class
UNION ALL SELECT 'concept_relationship'  AS table_name, COUNT(*) AS row_count FROM cdm.concept_relationship
UNION ALL SELECT 'relationship'          AS table_name, COUNT(*) AS row_count FROM cdm.relationship
UNION ALL SELECT 'concept_synonym'       AS table_name, COUNT(*) AS row_count FROM cdm.concept_synonym
UNION ALL SELECT 'concept_ancestor'      AS table_name, COUNT(*) AS row_count FROM cdm.concept_ancestor
UNION ALL SELECT 'source_to_concept_map' AS table_name, COUNT(*) AS row_count FROM cdm.source_to_concept_map
UNION ALL SELECT 'drug_strength'         AS table_name, COUNT(*) AS row_count FROM cdm.drug_strength
UNION ALL SELECT 'cohort'                AS table_name, COUNT(*) AS row_count FROM cdm.cohort
UNION ALL SELECT 'cohort_definition'     AS table_name, COUNT(*) AS row_count FROM cdm.cohort_definition
ORDER BY table_name;

-- 2. Keys. Redshift does not enforce primary keys (10_create_tables.sql
--    declares none), so check them: every count must be 0.
SELECT 'person' AS table_name, COUNT(*) - COUNT(DISTINCT person_id) AS duplicate_keys FROM cdm.person
UNION ALL SELECT 'visit_occurrence', COUNT(*) - COUNT(DISTINCT visit_occurrence_id) FROM cdm.visit_occurrence
UNION ALL SELECT 'condition_occurrence', COUNT(*) - COUNT(DISTINCT condition_occurrence_id) FROM cdm.condition_occurrence
UNION ALL SELECT 'drug_exposure', COUNT(*) - COUNT(DISTINCT drug_exposure_id) FROM cdm.drug_exposure
UNION ALL SELECT 'procedure_occurrence', COUNT(*) - COUNT(DISTINCT procedure_occurrence_id) FROM cdm.procedure_occurrence
UNION ALL SELECT 'measurement', COUNT(*) - COUNT(DISTINCT measurement_id) FROM cdm.measurement
UNION ALL SELECT 'observation', COUNT(*) - COUNT(DISTINCT observation_id) FROM cdm.observation
UNION ALL SELECT 'concept', COUNT(*) - COUNT(DISTINCT concept_id) FROM cdm.concept;

-- 3. Every clinical record belongs to a person in cdm.person: every count
--    must be 0.
SELECT 'observation_period' AS table_name, COUNT(*) AS orphans
FROM cdm.observation_period t LEFT JOIN cdm.person p ON p.person_id = t.person_id WHERE p.person_id IS NULL
UNION ALL
SELECT 'visit_occurrence', COUNT(*)
FROM cdm.visit_occurrence t LEFT JOIN cdm.person p ON p.person_id = t.person_id WHERE p.person_id IS NULL
UNION ALL
SELECT 'condition_occurrence', COUNT(*)
FROM cdm.condition_occurrence t LEFT JOIN cdm.person p ON p.person_id = t.person_id WHERE p.person_id IS NULL
UNION ALL
SELECT 'drug_exposure', COUNT(*)
FROM cdm.drug_exposure t LEFT JOIN cdm.person p ON p.person_id = t.person_id WHERE p.person_id IS NULL
UNION ALL
SELECT 'procedure_occurrence', COUNT(*)
FROM cdm.procedure_occurrence t LEFT JOIN cdm.person p ON p.person_id = t.person_id WHERE p.person_id IS NULL
UNION ALL
SELECT 'measurement', COUNT(*)
FROM cdm.measurement t LEFT JOIN cdm.person p ON p.person_id = t.person_id WHERE p.person_id IS NULL
UNION ALL
SELECT 'observation', COUNT(*)
FROM cdm.observation t LEFT JOIN cdm.person p ON p.person_id = t.person_id WHERE p.person_id IS NULL
UNION ALL
SELECT 'death', COUNT(*)
FROM cdm.death t LEFT JOIN cdm.person p ON p.person_id = t.person_id WHERE p.person_id IS NULL;

-- 4. Vocabulary coverage: the share of condition records whose concept is
--    unmapped (concept 0) or not a standard concept of the loaded
--    vocabularies. A high share means the vocabulary download lacks a
--    vocabulary the data uses (ICD9CM for SynPUF).
SELECT COUNT(*) AS condition_records,
       SUM(CASE WHEN co.condition_concept_id = 0 THEN 1 ELSE 0 END) AS unmapped,
       SUM(CASE WHEN c.concept_id IS NULL AND co.condition_concept_id <> 0 THEN 1 ELSE 0 END) AS unknown_concept,
       SUM(CASE WHEN c.standard_concept IS NULL AND c.concept_id IS NOT NULL THEN 1 ELSE 0 END) AS non_standard
FROM cdm.condition_occurrence co
LEFT JOIN cdm.concept c ON c.concept_id = co.condition_concept_id;

-- 5. The concept of the first question: expect 201826, "Type 2 diabetes
--    mellitus", SNOMED, standard ('S').
SELECT concept_id, concept_name, vocabulary_id, standard_concept
FROM cdm.concept
WHERE concept_id = 201826;

-- 6. A first cohort: the persons with at least one condition record of type
--    2 diabetes or any of its descendants (complications, specific forms),
--    against everyone in the data, and when the records fall.
SELECT COUNT(DISTINCT co.person_id) AS persons_with_type_2_diabetes,
       (SELECT COUNT(*) FROM cdm.person) AS persons,
       MIN(co.condition_start_date) AS first_record,
       MAX(co.condition_start_date) AS last_record
FROM cdm.condition_occurrence co
JOIN cdm.concept_ancestor ca ON ca.descendant_concept_id = co.condition_concept_id
WHERE ca.ancestor_concept_id = 201826;

-- 7. The same cohort by gender, named through the vocabulary.
SELECT COALESCE(g.concept_name, 'unknown') AS gender, COUNT(*) AS persons_with_type_2_diabetes
FROM (
    SELECT DISTINCT co.person_id
    FROM cdm.condition_occurrence co
    JOIN cdm.concept_ancestor ca ON ca.descendant_concept_id = co.condition_concept_id
    WHERE ca.ancestor_concept_id = 201826
) t2d
JOIN cdm.person p ON p.person_id = t2d.person_id
LEFT JOIN cdm.concept g ON g.concept_id = p.gender_concept_id
GROUP BY 1
ORDER BY 2 DESC;

-- 8. The last load errors, if a COPY failed: file, line, column and reason.
--    Redshift shows a user only the rows of her own loads: the loads ran as
--    the admin user, so IT runs this query as that user to see them.
SELECT starttime, TRIM(filename) AS filename, line_number, TRIM(colname) AS colname, TRIM(err_reason) AS err_reason
FROM stl_load_errors
ORDER BY starttime DESC
LIMIT 20;
