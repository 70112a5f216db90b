/**
 * A worker process of {@link synthesizeLandingZonesInBatches}: parses the landing zones file it is
 * sent, builds one batch ({@link runBatch}), answers `{ ok: true }` or the error, and exits, so
 * the memory of the batch's apps goes back to the system.
 */
import { parseConfig } from '../config';
import { PaCloudKitError } from '../core';
import { runBatch, type WorkerRequest, type WorkerResponse } from './batches';

process.once('message', (request: WorkerRequest) => {
  let answer: WorkerResponse;
  try {
    runBatch(parseConfig(request.source.text, request.source.file), request.job);
    answer = { ok: true };
  } catch (e) {
    const kit = e instanceof PaCloudKitError ? { field: e.field, value: safeValue(e.value), rule: e.rule, control: e.control } : undefined;
    const step = (e as { synthesisStep?: string }).synthesisStep;
    answer = { ok: false, error: { message: e instanceof Error ? e.message : String(e), kit, stack: e instanceof Error ? e.stack : undefined, step, code: (e as NodeJS.ErrnoException).code, path: (e as NodeJS.ErrnoException).path, syscall: (e as NodeJS.ErrnoException).syscall } };
  }
  process.send!(answer, () => process.disconnect());
});

/** A value that survives the structured clone (the error message is sent as it is anyway). */
function safeValue(v: unknown): unknown {
  try {
    structuredClone(v);
    return v;
  } catch {
    return String(v);
  }
}
