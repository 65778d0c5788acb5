// The Conduit model (https://realworld-docs.netlify.app): users follow users, write articles with
// tags, favorite articles and comment on them.
import { Column, Relationship, Table, types, type Rel } from '../../lib';

@Table('users')
export class User {
  @Column({ primaryKey: true }) id!: number;
  @Column({ type: types.string(255), unique: true }) email!: string;
  @Column({ type: types.string(80), unique: true }) username!: string;
  @Column({ type: types.string(200) }) passwordHash!: string;
  @Column({ type: types.text(), nullable: true }) bio!: string | null;
  @Column({ type: types.string(500), nullable: true }) image!: string | null;
}

@Table('follows')
export class Follow {
  @Column({ primaryKey: true, autoincrement: false, foreignKey: () => User, onDelete: 'CASCADE' })
  followerId!: number;
  @Column({ primaryKey: true, autoincrement: false, foreignKey: () => User, onDelete: 'CASCADE' })
  followedId!: number;
}

@Table('articles')
export class Article {
  @Column({ primaryKey: true }) id!: number;
  @Column({ type: types.string(255), unique: true }) slug!: string;
  @Column({ type: types.string(255) }) title!: string;
  @Column({ type: types.string(500) }) description!: string;
  @Column({ type: types.text() }) body!: string;
  @Column({ type: types.dateTime({ timezone: true }) }) createdAt!: Date;
  @Column({ type: types.dateTime({ timezone: true }) }) updatedAt!: Date;
  @Column({ foreignKey: () => User, onDelete: 'CASCADE' }) authorId!: number;
  @Relationship(() => User) author!: Rel<User>;
  @Relationship(() => Tag, { secondary: 'article_tags' }) tags!: Tag[];
}

@Table('tags')
export class Tag {
  @Column({ primaryKey: true }) id!: number;
  @Column({ type: types.string(80), unique: true }) name!: string;
}

@Table('favorites')
export class Favorite {
  @Column({ primaryKey: true, autoincrement: false, foreignKey: () => User, onDelete: 'CASCADE' })
  userId!: number;
  @Column({ primaryKey: true, autoincrement: false, foreignKey: () => Article, onDelete: 'CASCADE' })
  articleId!: number;
}

@Table('comments')
export class Comment {
  @Column({ primaryKey: true }) id!: number;
  @Column({ type: types.text() }) body!: string;
  @Column({ type: types.dateTime({ timezone: true }) }) createdAt!: Date;
  @Column({ type: types.dateTime({ timezone: true }) }) updatedAt!: Date;
  @Column({ foreignKey: () => Article, onDelete: 'CASCADE' }) articleId!: number;
  @Column({ foreignKey: () => User, onDelete: 'CASCADE' }) authorId!: number;
  @Relationship(() => User) author!: Rel<User>;
}
