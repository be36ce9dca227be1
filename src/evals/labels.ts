import { UsageError } from '../errors.js';

/** Metrics that only exist when rows carry an expected value. */
const QUALITY_METRICS = new Set(['accuracy', 'macro_f1', 'mae', 'rmse', 'cosine']);

export interface LabelPolicy {
  /** The suite's `allow_unlabelled`: rows without the expected field are a warning with counts. */
  allowUnlabelled?: boolean;
  /** The suite's `metrics:`, when it names them. */
  metrics?: readonly string[];
  /** Where the warning goes (stderr, the action's log). */
  warn?: (message: string) => void;
}

const MAX_LISTED = 5;

/**
 * Watches the rows one model is scored on for the expected field (`expected`, or the adapter's
 * `expected:`). A row without it in a dataset whose other rows have it would silently drop out of
 * accuracy or MAE: an error naming its `file:line`, unless the suite allows unlabelled rows.
 */
export class LabelCheck {
  private firstLabelled: string | undefined;
  private readonly unlabelled: string[] = [];
  private unlabelledCount = 0;
  private firstFields: string[] | undefined;

  constructor(
    private readonly model: string,
    private readonly field: string,
    private readonly policy: LabelPolicy = {},
  ) {}

  see(where: string, fields: Record<string, unknown>): void {
    const value = fields[this.field];
    if (value !== undefined && value !== null) {
      this.firstLabelled ??= where;
      if (this.unlabelledCount > 0 && !this.policy.allowUnlabelled) this.fail();
      return;
    }
    this.firstFields ??= Object.keys(fields);
    this.unlabelledCount++;
    if (this.unlabelled.length < MAX_LISTED) this.unlabelled.push(where);
    if (this.firstLabelled !== undefined && !this.policy.allowUnlabelled) this.fail();
  }

  private fail(): never {
    const where = this.unlabelled[0] as string;
    throw new UsageError(
      `${where}: no "${this.field}" field (the row has ${this.describeFields()}), while ${this.firstLabelled} has one: model "${this.model}" would score this row on nothing and leave it out of its quality metrics`,
      `give every row "${this.field}", point the adapter at the field the rows use (adapter: {type: ..., expected: FIELD}), or set allow_unlabelled: true on the suite to score the labelled rows only`,
    );
  }

  private describeFields(): string {
    const names = this.firstFields ?? [];
    return names.length ? `fields ${names.map((n) => `"${n}"`).join(', ')}` : 'no fields';
  }

  /** After the last row: the warning for allowed unlabelled rows, or the error for a suite that asked for quality metrics and has no label at all. */
  finish(total: number): void {
    if (this.unlabelledCount === 0) return;
    if (this.firstLabelled === undefined) {
      const asked = (this.policy.metrics ?? []).filter((m) => QUALITY_METRICS.has(m));
      if (asked.length && !this.policy.allowUnlabelled) {
        throw new UsageError(
          `${this.unlabelled[0]}: no "${this.field}" field (the row has ${this.describeFields()}), and no row of the dataset has one, yet the suite asks for ${asked.join(', ')} of model "${this.model}"`,
          `name the field the rows use (adapter: {type: ..., expected: FIELD}), or drop ${asked.join(', ')} from the suite's metrics`,
        );
      }
      return;
    }
    const listed = this.unlabelled.join(', ');
    const more = this.unlabelledCount > this.unlabelled.length ? ', ...' : '';
    this.policy.warn?.(
      `model "${this.model}": ${this.unlabelledCount} of ${total} rows have no "${this.field}" field (${listed}${more}) and are left out of its quality metrics (allow_unlabelled: true)`,
    );
  }
}
