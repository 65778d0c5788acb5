// The blog's model: users write posts, posts have comments and tags (many-to-many).
import { Column, Relationship, Table, types, type Rel } from '../../lib';

@Table('users')
export class User {
  @Column({ primaryKey: true }) id!: number;
  @Column({ type: types.string(120), unique: true }) email!: string;
  @Column({ type: types.string(80) }) name!: string;
  @Relationship(() => Post, { backPopulates: 'author' }) posts!: Post[];
}

@Table('posts')
export class Post {
  @Column({ primaryKey: true }) id!: number;
  @Column({ type: types.string(200) }) title!: string;
  @Column({ type: types.text() }) body!: string;
  @Column({ foreignKey: () => User }) authorId!: number;
  @Relationship(() => User, { backPopulates: 'posts' }) author!: Rel<User>;
  @Relationship(() => Comment, { backPopulates: 'post', cascade: ['save-update', 'delete'] })
  comments!: Comment[];
  @Relationship(() => Tag, { secondary: 'post_tags', backPopulates: 'posts' }) tags!: Tag[];
}

@Table('comments')
export class Comment {
  @Column({ primaryKey: true }) id!: number;
  @Column({ type: types.text() }) body!: string;
  @Column({ foreignKey: () => Post, onDelete: 'CASCADE' }) postId!: number;
  @Column({ foreignKey: () => User }) authorId!: number;
  @Relationship(() => Post, { backPopulates: 'comments' }) post!: Rel<Post>;
}

@Table('tags')
export class Tag {
  @Column({ primaryKey: true }) id!: number;
  @Column({ type: types.string(40), unique: true }) name!: string;
  @Relationship(() => Post, { secondary: 'post_tags', backPopulates: 'tags' }) posts!: Post[];
}
