-- AlterTable
ALTER TABLE "Signup" ADD COLUMN     "roleId" INTEGER;

-- CreateTable
CREATE TABLE "TaskRole" (
    "id" SERIAL NOT NULL,
    "taskId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "capacity" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "TaskRole_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TaskRole_taskId_name_key" ON "TaskRole"("taskId", "name");

-- AddForeignKey
ALTER TABLE "TaskRole" ADD CONSTRAINT "TaskRole_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Signup" ADD CONSTRAINT "Signup_roleId_fkey" FOREIGN KEY ("roleId") REFERENCES "TaskRole"("id") ON DELETE SET NULL ON UPDATE CASCADE;

