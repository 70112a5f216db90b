export * from './types';
export { detectKind, findDocuments, findDocumentsAndSkipped, loadDocument, parseDocument, type SkippedFile } from './loader';
export { CENTRAL_CONTROLS, CENTRAL_NOT_APPLICABLE, check, evaluateDocument, providerOf, relatedResources, rulesFor, summarize } from './engine';
export { renderRulesTable } from './rules-table';
export { RULES } from './rules';
export * as rules from './rules';
