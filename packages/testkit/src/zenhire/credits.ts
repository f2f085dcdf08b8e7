/**
 * The shared credit ledger of one ZenHire client (zenhire-api.md §8): a balance, holds on
 * in-flight work, charges and releases, and a transaction log. Amounts are whole credits.
 */

/** Module a credit movement belongs to. */
export type CreditModule = 'speech' | 'interview' | 'cvdeepmatch' | 'adjustment';

/**
 * One ledger movement. Field names are our choice (the `GET /api/v1/credits` schema is
 * [not found], §8): `hold` and `release` change `held`, `charge` and `adjustment` change
 * `balance`. `amount` is positive for every type except a downward adjustment.
 */
export interface CreditTransaction {
  id: string;
  type: 'hold' | 'release' | 'charge' | 'adjustment';
  module: CreditModule;
  /** The run / session / match id the movement is for (null for adjustments). */
  reference: string | null;
  amount: number;
  balanceAfter: number;
  /** ISO 8601, documented time. */
  createdAt: string;
}

/** Snapshot served by `GET /api/v1/credits` (field names our choice, §8 [not found]). */
export interface CreditSummary {
  /** Credits owned (charges already deducted). */
  balance: number;
  /** Credits reserved by in-flight work (Speech holds, CVDM holds). */
  held: number;
  /** `balance − held`: what a new submit can spend. */
  available: number;
  /** Credits charged so far, in total and per module. */
  usage: { total: number; speech: number; interview: number; cvdeepmatch: number };
  /** Newest first, at most 20. */
  recentTransactions: CreditTransaction[];
}

/** Ledger of one client. `now` gives documented time for the transaction log. */
export class CreditLedger {
  private holds = new Map<string, number>();
  readonly transactions: CreditTransaction[] = [];
  private seq = 0;

  constructor(
    private balanceValue: number,
    private readonly now: () => Date,
  ) {}

  get balance(): number {
    return this.balanceValue;
  }

  get held(): number {
    let sum = 0;
    for (const v of this.holds.values()) sum += v;
    return sum;
  }

  /** `balance − held` (§8 "available"). */
  get available(): number {
    return this.balanceValue - this.held;
  }

  /** Sets the balance (an `adjustment` transaction of the difference). */
  setBalance(balance: number): void {
    const diff = balance - this.balanceValue;
    this.balanceValue = balance;
    this.log('adjustment', 'adjustment', null, diff);
  }

  /** Reserves `amount` for `reference`; the caller checks `available` first. */
  hold(module: CreditModule, reference: string, amount: number): void {
    this.holds.set(reference, amount);
    this.log('hold', module, reference, amount);
  }

  /** Ends the hold of `reference` and deducts `charged` (0 = pure release). */
  settle(module: CreditModule, reference: string, charged: number): void {
    const held = this.holds.get(reference);
    if (held !== undefined) {
      this.holds.delete(reference);
      this.log('release', module, reference, held);
    }
    if (charged > 0) this.charge(module, reference, charged);
  }

  /** Deducts `amount` directly (Interview charges at completion without a hold). */
  charge(module: CreditModule, reference: string, amount: number): void {
    this.balanceValue -= amount;
    this.log('charge', module, reference, amount);
  }

  summary(): CreditSummary {
    const usage = { total: 0, speech: 0, interview: 0, cvdeepmatch: 0 };
    for (const t of this.transactions) {
      if (t.type !== 'charge' || t.module === 'adjustment') continue;
      usage.total += t.amount;
      usage[t.module] += t.amount;
    }
    return {
      balance: this.balanceValue,
      held: this.held,
      available: this.available,
      usage,
      recentTransactions: this.transactions.slice(-20).reverse(),
    };
  }

  private log(
    type: CreditTransaction['type'],
    module: CreditModule,
    reference: string | null,
    amount: number,
  ): void {
    this.transactions.push({
      id: `txn_${String(++this.seq).padStart(6, '0')}`,
      type,
      module,
      reference,
      amount,
      balanceAfter: this.balanceValue,
      createdAt: this.now().toISOString(),
    });
  }
}
