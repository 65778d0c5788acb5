/** Sequelize's own models over the shared bench tables (`Model.init`, as its TypeScript docs show). */
import {
  DataTypes,
  Model,
  Sequelize,
  type CreationOptional,
  type ForeignKey,
  type InferAttributes,
  type InferCreationAttributes,
  type NonAttribute,
} from 'sequelize';

export class SItem extends Model<InferAttributes<SItem>, InferCreationAttributes<SItem>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare code: string;
  declare quantity: number;
  declare price: number;
  declare active: boolean;
  declare category: number;
  declare description: string;
  declare score: number;
  declare createdAt: Date;
}

export class SParent extends Model<InferAttributes<SParent>, InferCreationAttributes<SParent>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare createdAt: Date;
  declare children: NonAttribute<SChild[]>;
}

export class SChild extends Model<InferAttributes<SChild>, InferCreationAttributes<SChild>> {
  declare id: CreationOptional<number>;
  declare parentId: ForeignKey<number>;
  declare name: string;
  declare value: number;
  declare createdAt: Date;
}

const pk = { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true };
const createdAt = { type: DataTypes.DATE, allowNull: false, field: 'created_at' };

export function defineModels(sequelize: Sequelize): void {
  const opts = { sequelize, timestamps: false, underscored: true } as const;
  SItem.init(
    {
      id: pk,
      name: { type: DataTypes.TEXT, allowNull: false },
      code: { type: DataTypes.STRING(32), allowNull: false },
      quantity: { type: DataTypes.INTEGER, allowNull: false },
      price: { type: DataTypes.DOUBLE, allowNull: false },
      active: { type: DataTypes.BOOLEAN, allowNull: false },
      category: { type: DataTypes.INTEGER, allowNull: false },
      description: { type: DataTypes.TEXT, allowNull: false },
      score: { type: DataTypes.INTEGER, allowNull: false },
      createdAt,
    },
    { ...opts, tableName: 'bench_item' },
  );
  SParent.init(
    { id: pk, name: { type: DataTypes.TEXT, allowNull: false }, createdAt },
    { ...opts, tableName: 'bench_parent' },
  );
  SChild.init(
    {
      id: pk,
      name: { type: DataTypes.TEXT, allowNull: false },
      value: { type: DataTypes.INTEGER, allowNull: false },
      createdAt,
    },
    { ...opts, tableName: 'bench_child' },
  );
  SParent.hasMany(SChild, {
    as: 'children',
    foreignKey: { name: 'parentId', field: 'parent_id', allowNull: false },
  });
  SChild.belongsTo(SParent, { foreignKey: { name: 'parentId', field: 'parent_id', allowNull: false } });
}
