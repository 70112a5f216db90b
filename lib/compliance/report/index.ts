/**
 * Renderers of a compliance check: pure functions from a `CheckResult` to a string.
 */
export { renderText, type TextRenderOptions } from './text';
export { renderJson, JSON_REPORT_VERSION, type JsonRenderOptions } from './json';
export { renderMarkdown, type MarkdownRenderOptions } from './markdown';
export { renderSarif, type SarifRenderOptions, type SarifRuleDescription } from './sarif';
export { renderHtml, type HtmlRenderOptions } from './html';
