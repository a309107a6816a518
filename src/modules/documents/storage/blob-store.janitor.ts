import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { BLOB_STORE, type BlobStore, ORPHAN_MIN_AGE_MS } from './blob-store.js';

/**
 * Removes at start what writes cut off by a crash left in the raw store (temporary files
 * that never became a blob). In the background: walking a large store takes a while, and
 * nothing depends on it. Every process does it; several at once do no harm.
 */
@Injectable()
export class BlobStoreJanitor implements OnApplicationBootstrap {
  private readonly logger = new Logger('BlobStore');
  /** The start-up clean-up, for tests to await. */
  done: Promise<number> = Promise.resolve(0);

  constructor(@Inject(BLOB_STORE) private readonly blobs: BlobStore) {}

  onApplicationBootstrap(): void {
    this.done = this.blobs.removeOrphans(ORPHAN_MIN_AGE_MS).then(
      (removed) => {
        if (removed > 0) this.logger.log(`removed ${removed} orphaned temporary file(s) from the raw store`);
        return removed;
      },
      (err: unknown) => {
        this.logger.warn(`cleaning up the raw store failed: ${(err as Error).message}`);
        return 0;
      },
    );
  }
}
