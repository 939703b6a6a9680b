import { describeLogStoreContract } from './log-store-contract.ts';
import { MemoryLogStore } from './memory-log-store.ts';

describeLogStoreContract('MemoryLogStore', (options) => new MemoryLogStore(options));
