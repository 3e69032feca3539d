/* version.h: the product version every command reports. */
#ifndef HPVM_VERSION_H
#define HPVM_VERSION_H

#define HPVM_VERSION	"B.01.00"

#endif
