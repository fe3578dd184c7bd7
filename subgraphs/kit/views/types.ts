// type-graphql reads decorator metadata through this polyfill.
import 'reflect-metadata';
// How far a unit's view is: the dashboard shows SYNCING with progress until it is READY.
import { Directive, Field, Int, ObjectType } from 'type-graphql';

@ObjectType('UnitSync', { description: 'How far the unit’s view (statistics, visits) is built from its platform’s change feed' })
@Directive('@shareable')
export class UnitSyncType {
  @Field(() => String, { description: 'SYNCING while the view is first built, then READY' })
  state!: 'SYNCING' | 'READY';

  @Field(() => Int, { description: 'Changes applied since the view was built' })
  applied!: number;

  @Field(() => Int, { description: 'Changes still waiting at the last page read' })
  remaining!: number;

  @Field(() => String, { nullable: true, description: 'When the view last caught up with the feed (ISO instant)' })
  syncedAt!: string | null;

  @Field(() => String, { nullable: true, description: 'The last failure reading the feed, until a read succeeds' })
  lastError!: string | null;

  @Field(() => String, { description: 'Changes whenever the unit’s directory does (values derived from the directory are kept under it)' })
  directoryVersion!: string;
}
