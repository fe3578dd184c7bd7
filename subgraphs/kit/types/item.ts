// type-graphql reads decorator metadata through this polyfill.
import 'reflect-metadata';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum ItemCategory {
  KEY = 'key',
  GENERAL = 'general',
}
registerEnumType(ItemCategory, { name: 'ItemCategory', description: '重点 (key) or 一般 (general) item' });

@ObjectType('Item', { description: '抽查事项: one line of a unit\'s inspection item list' })
@Directive('@shareable')
export class ItemType {
  @Field(() => ID) code!: string;
  @Field(() => String) unitCode!: string;
  @Field(() => String) name!: string;
  @Field(() => ItemCategory) category!: ItemCategory;
  @Field(() => String, { description: '检查对象' }) subject!: string;
  @Field(() => String, { description: '检查内容' }) content!: string;
  @Field(() => String, { description: '检查方式' }) method!: string;
  @Field(() => String, { description: '检查依据' }) legalBasis!: string;
  @Field(() => String, { description: 'Inspector specialty the item needs' }) specialty!: string;
  @Field(() => Boolean, { description: 'Whether draws are differentiated by credit-risk class' }) riskBased!: boolean;
}
