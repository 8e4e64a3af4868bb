#include <iostream>
#include "matrix.hpp"

// @@PAD@@
Matrix normal_equations(Matrix &a)
{
    Matrix at = a.transpose();
    Matrix result(at.rows(), a.cols());
    return result;
}

int main()
{
    Matrix a(3, 2);
    a.at(0, 0) = 1.0;
    std::cout << normal_equations(a).rows() << std::endl;
    return 0;
}
