export * from './types';
export { detectKind, findDocuments, loadDocument, parseDocument } from './loader';
export { check, evaluateDocument, providerOf, rulesFor } from './engine';
export { renderRulesTable } from './rules-table';
export { RULES } from './rules';
export * as rules from './rules';
