import { Column, Relationship, Table } from '../../lib/decorators';
import { Registry } from '../../lib/mapper';
import { types } from '../../lib/sql';

/** A blog model in its own registry: users, posts, tags (many-to-many), comments. */
export const blog = new Registry();

@Table('users', { registry: blog })
export class User {
  @Column({ primaryKey: true }) id!: number;
  @Column({ type: types.string(50), unique: true }) email!: string;
  @Column({ type: types.string(50), nullable: true }) nickname!: string | null;
  @Column({ type: types.dateTime({ timezone: true }), default: () => new Date() }) createdAt!: Date;
  @Relationship(() => Post, {
    backPopulates: 'author',
    cascade: ['save-update', 'delete', 'delete-orphan'],
    orderBy: 'id',
  })
  posts!: Post[];
}

@Table('posts', { registry: blog })
export class Post {
  @Column({ primaryKey: true }) id!: number;
  @Column({ type: types.string(200) }) title!: string;
  @Column({ foreignKey: () => User, onDelete: 'CASCADE' }) authorId!: number;
  @Relationship(() => User, { backPopulates: 'posts' }) author!: User | null;
  @Relationship(() => Tag, { secondary: 'post_tags', backPopulates: 'posts' }) tags!: Tag[];
}

@Table('tags', { registry: blog })
export class Tag {
  @Column({ primaryKey: true }) id!: number;
  @Column() name!: string;
  @Relationship(() => Post, { secondary: 'post_tags', backPopulates: 'tags' }) posts!: Post[];
}
