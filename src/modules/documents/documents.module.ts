import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.js';
import { BLOB_STORE } from './storage/blob-store.js';
import { BlobStoreJanitor } from './storage/blob-store.janitor.js';
import { FsBlobStore } from './storage/fs-blob-store.js';

/** The raw, content-addressed store every module reads originals from: one instance per process. */
@Module({
  providers: [
    {
      provide: BLOB_STORE,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new FsBlobStore(config.get('BLOB_STORE_DIR') ?? join(config.dataDir, 'blobs')),
    },
    BlobStoreJanitor,
  ],
  exports: [BLOB_STORE],
})
export class DocumentsModule {}
