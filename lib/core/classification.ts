import { PaCloudKitError } from './errors';

/**
 * The classification of a PA's data and services under the ACN rules. It decides where the data
 * may live and how strongly the landing zone protects it.
 */
export enum DataClassification {
  /** Services whose compromise would not harm the State's essential functions. */
  ORDINARIO = 'ordinario',
  /** Services whose compromise would harm the functioning of the State or citizens' safety. */
  CRITICO = 'critico',
  /** Services whose compromise would harm national security. */
  STRATEGICO = 'strategico',
}

/** All classifications, weakest first. */
export const DATA_CLASSIFICATIONS: readonly DataClassification[] = [
  DataClassification.ORDINARIO,
  DataClassification.CRITICO,
  DataClassification.STRATEGICO,
];

/** ACN qualification levels of cloud services (QC1 lowest, QC4 highest). */
export enum QualificationLevel {
  QC1 = 'QC1',
  QC2 = 'QC2',
  QC3 = 'QC3',
  QC4 = 'QC4',
}

/** All qualification levels, lowest first. */
export const QUALIFICATION_LEVELS: readonly QualificationLevel[] = [
  QualificationLevel.QC1,
  QualificationLevel.QC2,
  QualificationLevel.QC3,
  QualificationLevel.QC4,
];

/** Position of a level in the QC1 < QC2 < QC3 < QC4 order. */
export function qualificationRank(level: QualificationLevel): number {
  return QUALIFICATION_LEVELS.indexOf(level);
}

/** Position of a classification in the ordinario < critico < strategico order. */
export function classificationRank(classification: DataClassification): number {
  return DATA_CLASSIFICATIONS.indexOf(classification);
}

/** Reads a classification from user input (case-insensitive), or throws naming the field. */
export function parseClassification(value: unknown, field = 'classification'): DataClassification {
  if (typeof value === 'string') {
    const found = DATA_CLASSIFICATIONS.find((c) => c === value.trim().toLowerCase());
    if (found) return found;
  }
  throw new PaCloudKitError({ field, value, rule: `must be one of ${DATA_CLASSIFICATIONS.join(', ')}` });
}

/** Reads a qualification level from user input (case-insensitive), or throws naming the field. */
export function parseQualification(value: unknown, field = 'qualification'): QualificationLevel {
  if (typeof value === 'string') {
    const found = QUALIFICATION_LEVELS.find((q) => q === value.trim().toUpperCase());
    if (found) return found;
  }
  throw new PaCloudKitError({ field, value, rule: `must be one of ${QUALIFICATION_LEVELS.join(', ')}` });
}
