import { join } from 'node:path';
import { Global, Injectable, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InjectConfig } from '../../config/config.module';
import type { AppConfig } from '../../config/env';
import { TransactionService } from '../../database/transaction.service';
import type { ContentStore, StorageKind, StoreName } from './content-store';
import { DatabaseStore } from './database-store';
import { FolderStore } from './folder-store';

/** The folder and file extension of each store under DATA_DIR (STORAGE=folder; also a backup's layout). */
export const FOLDERS: Record<StoreName, { dir: string; extension: string }> = {
  documents: { dir: 'documents', extension: '.pdf' },
  evidence: { dir: 'evidence', extension: '' },
};

export function folderStore(dataDir: string, store: StoreName): FolderStore {
  return new FolderStore(join(dataDir, FOLDERS[store].dir), FOLDERS[store].extension);
}

export function databaseStore(
  dataSource: DataSource,
  tx: TransactionService,
  store: StoreName,
): DatabaseStore {
  return new DatabaseStore(dataSource, store, (work) => tx.run((t) => work(t.manager)));
}

/** The document and evidence stores of this instance, in the backend STORAGE names. */
@Injectable()
export class ContentStores {
  readonly kind: StorageKind;
  readonly documents: ContentStore;
  readonly evidence: ContentStore;

  constructor(@InjectConfig() config: AppConfig, dataSource: DataSource, tx: TransactionService) {
    this.kind = config.storage;
    const make = (store: StoreName): ContentStore =>
      config.storage === 'database'
        ? databaseStore(dataSource, tx, store)
        : folderStore(config.dataDir, store);
    this.documents = make('documents');
    this.evidence = make('evidence');
  }

  of(store: StoreName): ContentStore {
    return store === 'documents' ? this.documents : this.evidence;
  }
}

@Global()
@Module({ providers: [ContentStores], exports: [ContentStores] })
export class StorageModule {}
